using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Commands;

public sealed class InitCommandTests
{
    private static readonly string[] Written =
    [
        ".baton/baton.db", ".baton/.gitignore", ".baton/init.json",
        ".cursor/rules/baton-coordinator.mdc", ".cursor/rules/baton-worker.mdc", "AGENTS.md",
    ];

    [Fact]
    public async Task Init_InEmptyDirectory_WritesStoreRulesAndAgentsSection()
    {
        using var repo = new TempRepo();

        await repo.RunOkAsync("init");

        foreach (var file in Written)
        {
            Assert.True(File.Exists(repo.PathOf(file)), $"{file} missing");
        }
        var worker = await File.ReadAllTextAsync(repo.PathOf(".cursor/rules/baton-worker.mdc"), TestContext.Current.CancellationToken);
        Assert.Contains("baton claim --worker NAME --wait 110 --json", worker, StringComparison.Ordinal);
        Assert.Contains("baton report ID --worker NAME --outcome done", worker, StringComparison.Ordinal);
        var coordinator = await File.ReadAllTextAsync(repo.PathOf(".cursor/rules/baton-coordinator.mdc"), TestContext.Current.CancellationToken);
        Assert.Contains("baton task import plan.json", coordinator, StringComparison.Ordinal);
        Assert.Contains("baton status", coordinator, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".cursor/rules/baton-coordinator.mdc", "@baton-coordinator")]
    [InlineData(".cursor/rules/baton-worker.mdc", "@baton-worker")]
    public async Task Init_CursorRules_AreManualSoCursorNeverAttachesARoleByItself(string path, string mention)
    {
        using var repo = new TempRepo();

        await repo.RunOkAsync("init", "--agent", "cursor");

        var text = await File.ReadAllTextAsync(repo.PathOf(path), TestContext.Current.CancellationToken);
        var front = FrontMatter(text);
        // Cursor's rule types: alwaysApply true = Always; globs = Auto Attached; a description = Agent Requested (the
        // model may pull it into any chat); none of them = Manual (only when the user @-mentions the rule).
        Assert.Equal(["alwaysApply", "description", "globs"], front.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("", front["description"]);
        Assert.Equal("", front["globs"]);
        Assert.Equal("false", front["alwaysApply"]);
        Assert.Contains(mention, text, StringComparison.Ordinal);
    }

    /// <summary>The YAML front matter of an .mdc rule as key -> value (values trimmed, quotes kept).</summary>
    private static Dictionary<string, string> FrontMatter(string text)
    {
        var lines = text.Split('\n');
        Assert.Equal("---", lines[0]);
        var end = Array.IndexOf(lines, "---", 1);
        Assert.True(end > 0, "no closing --- for the front matter");
        return lines[1..end].Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "", StringComparer.Ordinal);
    }

    [Fact]
    public async Task Init_EveryPack_TeachesTheInboxAndWaitsThatFitTheAgentsShellTools()
    {
        using var repo = new TempRepo();

        await repo.RunOkAsync("init", "--agent", "all");

        string Read(string path) => File.ReadAllText(repo.PathOf(path));
        foreach (var coordinator in new[] { ".cursor/rules/baton-coordinator.mdc", "CLAUDE.md", "AGENTS.md" })
        {
            var text = Read(coordinator);
            Assert.Contains("baton inbox", text, StringComparison.Ordinal);
            Assert.Contains("baton resolve ID --retry", text, StringComparison.Ordinal);
            Assert.Contains("--edit task.json", text, StringComparison.Ordinal);
            Assert.Contains("baton wait --all --timeout 110s", text, StringComparison.Ordinal);
            Assert.DoesNotContain("add a better", text, StringComparison.Ordinal);
        }
        foreach (var worker in new[] { ".cursor/rules/baton-worker.mdc", "CLAUDE.md", "AGENTS.md", ".claude/commands/baton-work.md" })
        {
            var text = Read(worker);
            // Claude Code's Bash tool stops a command after 2 minutes by default: a longer wait is a lost claim.
            Assert.Contains("--wait 110", text, StringComparison.Ordinal);
            Assert.DoesNotContain("--wait 600", text, StringComparison.Ordinal);
            Assert.Contains("only escalated", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Init_RunTwice_RewritesNothing()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        // Back-date every file: a rewrite would move its mtime to now.
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var before = new Dictionary<string, string>();
        foreach (var file in Written.Where(f => !f.EndsWith(".db", StringComparison.Ordinal)))
        {
            before[file] = await File.ReadAllTextAsync(repo.PathOf(file), TestContext.Current.CancellationToken);
            File.SetLastWriteTimeUtc(repo.PathOf(file), old);
        }

        var second = await repo.RunOkAsync("init");

        foreach (var (file, text) in before)
        {
            Assert.Equal(old, File.GetLastWriteTimeUtc(repo.PathOf(file)));
            Assert.Equal(text, await File.ReadAllTextAsync(repo.PathOf(file), TestContext.Current.CancellationToken));
        }
        Assert.DoesNotContain("created", second.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("updated", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_AfterUserEditedRule_KeepsTheEditAndSaysSo()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        var rule = repo.PathOf(".cursor/rules/baton-worker.mdc");
        var edited = await File.ReadAllTextAsync(rule, TestContext.Current.CancellationToken) + "\nAlways run `make lint` before reporting.\n";
        await File.WriteAllTextAsync(rule, edited, TestContext.Current.CancellationToken);

        var again = await repo.RunOkAsync("init");

        Assert.Equal(edited, await File.ReadAllTextAsync(rule, TestContext.Current.CancellationToken));
        Assert.Contains("kept", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("baton-worker.mdc", again.Stdout, StringComparison.Ordinal);

        await repo.RunOkAsync("init", "--force-rules");
        Assert.NotEqual(edited, await File.ReadAllTextAsync(rule, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Init_WithExistingAgentsMd_KeepsOtherContent()
    {
        using var repo = new TempRepo();
        const string Head = "# Our agents\n\nUse tabs. Never push to main.\n";
        await File.WriteAllTextAsync(repo.PathOf("AGENTS.md"), Head, TestContext.Current.CancellationToken);

        await repo.RunOkAsync("init");
        var afterFirst = await File.ReadAllTextAsync(repo.PathOf("AGENTS.md"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(repo.PathOf("AGENTS.md"), afterFirst + "\n## Later notes\nkeep me\n", TestContext.Current.CancellationToken);
        await repo.RunOkAsync("init");

        var text = await File.ReadAllTextAsync(repo.PathOf("AGENTS.md"), TestContext.Current.CancellationToken);
        Assert.StartsWith(Head, text, StringComparison.Ordinal);
        Assert.EndsWith("## Later notes\nkeep me\n", text, StringComparison.Ordinal);
        Assert.Equal(1, Count(text, "<!-- baton:begin -->"));
        Assert.Equal(1, Count(text, "<!-- baton:end -->"));
        Assert.Contains("baton claim --worker NAME", text, StringComparison.Ordinal);
    }

    private static int Count(string text, string part) => text.Split(part).Length - 1;
}
