using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Commands;

/// <summary><c>baton init --agent</c> packs (merged into existing files, never clobbering) and <c>init --check</c>.</summary>
public sealed class InitAgentPackTests
{
    private static async Task<JsonNode> ReadJsonAsync(TempRepo repo, string path)
        => JsonNode.Parse(await File.ReadAllTextAsync(repo.PathOf(path), TestContext.Current.CancellationToken),
            documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!;

    [Fact]
    public async Task Init_AgentAll_WritesEveryPackAndCheckSaysCurrent()
    {
        using var repo = new TempRepo();

        await repo.RunOkAsync("init", "--agent", "all");

        var cursorMcp = await ReadJsonAsync(repo, ".cursor/mcp.json");
        Assert.Equal("""{"command":"baton","args":["mcp"]}""", cursorMcp["mcpServers"]!["baton"]!.ToJsonString());
        var claudeMcp = await ReadJsonAsync(repo, ".mcp.json");
        Assert.Equal("baton", (string?)claudeMcp["mcpServers"]!["baton"]!["command"]);
        var cursorHooks = await ReadJsonAsync(repo, ".cursor/hooks.json");
        Assert.Equal(1, (int)cursorHooks["version"]!);
        Assert.Equal("baton hook stop --agent cursor", (string?)cursorHooks["hooks"]!["stop"]![0]!["command"]);
        var settings = await ReadJsonAsync(repo, ".claude/settings.json");
        Assert.Equal("baton hook stop --agent claude", (string?)settings["hooks"]!["Stop"]![0]!["hooks"]![0]!["command"]);
        // Claude Code ends a turn after 8 Stop-hook blocks in a row by default: each task handed over is one.
        Assert.Equal("100", (string?)settings["env"]!["CLAUDE_CODE_STOP_HOOK_BLOCK_CAP"]);
        var claudeMd = await File.ReadAllTextAsync(repo.PathOf("CLAUDE.md"), TestContext.Current.CancellationToken);
        Assert.Contains("<!-- baton:begin -->", claudeMd, StringComparison.Ordinal);
        Assert.Contains("files_within", claudeMd, StringComparison.Ordinal);
        var command = await File.ReadAllTextAsync(repo.PathOf(".claude/commands/baton-work.md"), TestContext.Current.CancellationToken);
        Assert.Contains("$ARGUMENTS", command, StringComparison.Ordinal);
        Assert.Contains("baton heartbeat", command, StringComparison.Ordinal);
        Assert.Contains("--outcome blocked", command, StringComparison.Ordinal);
        Assert.True(File.Exists(repo.PathOf("AGENTS.md")));
        Assert.Contains("\"check\": \"command\"", await File.ReadAllTextAsync(repo.PathOf(".cursor/rules/baton-coordinator.mdc"), TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var check = await repo.RunAsync("init", "--check");

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("all current (cursor, claude, codex)", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_AgentAll_PointsOnlyToFilesTheRepositoryHas()
    {
        using var repo = new TempRepo();

        await repo.RunOkAsync("init", "--agent", "all");

        // A user's repository has none of Baton's own docs/ or schema/: a pack must not send an agent there.
        var written = Directory.EnumerateFiles(repo.Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.baton{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(written);
        foreach (var file in written)
        {
            var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
            foreach (var match in System.Text.RegularExpressions.Regex.Matches(text, @"\b(?:docs|schema)/[\w./-]+\.(?:md|json)\b").Cast<System.Text.RegularExpressions.Match>())
            {
                // docs/api.md is the example plan's context file, a repository's own document, not Baton's.
                Assert.True(match.Value == "docs/api.md" || File.Exists(repo.PathOf(match.Value)),
                    $"{Path.GetRelativePath(repo.Root, file)} points to {match.Value}, which the repository does not have");
            }
        }
    }

    [Fact]
    public async Task Init_ExistingClaudeConfig_AddsBatonEntriesAndKeepsEverythingElse()
    {
        using var repo = new TempRepo();
        Directory.CreateDirectory(repo.PathOf(".claude"));
        await File.WriteAllTextAsync(repo.PathOf(".mcp.json"), """
            {
              // comments are allowed by the agents, and by Baton's merge
              "mcpServers": { "github": { "command": "gh-mcp", "args": ["--stdio"] } }
            }
            """, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(repo.PathOf(".claude/settings.json"), """
            {"permissions": {"allow": ["Bash(make:*)"]},
             "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "./notify.sh"}]}]}}
            """, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(repo.PathOf("CLAUDE.md"), "# House rules\n\nUse tabs.\n", TestContext.Current.CancellationToken);

        await repo.RunOkAsync("init", "--agent", "claude");
        var again = await repo.RunOkAsync("init", "--agent", "claude");

        var mcp = await ReadJsonAsync(repo, ".mcp.json");
        Assert.Equal("gh-mcp", (string?)mcp["mcpServers"]!["github"]!["command"]);
        Assert.Equal("mcp", (string?)mcp["mcpServers"]!["baton"]!["args"]![0]);
        var settings = await ReadJsonAsync(repo, ".claude/settings.json");
        Assert.Equal("Bash(make:*)", (string?)settings["permissions"]!["allow"]![0]);
        var stop = settings["hooks"]!["Stop"]!.AsArray();
        Assert.Equal(2, stop.Count);
        Assert.Equal("./notify.sh", (string?)stop[0]!["hooks"]![0]!["command"]);
        Assert.Equal("baton hook stop --agent claude", (string?)stop[1]!["hooks"]![0]!["command"]);
        Assert.StartsWith("# House rules\n\nUse tabs.\n", await File.ReadAllTextAsync(repo.PathOf("CLAUDE.md"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.DoesNotContain("updated", again.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("created", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_JsoncClaudeSettings_KeepsTheCommentsWhenAddingTheHook()
    {
        using var repo = new TempRepo();
        Directory.CreateDirectory(repo.PathOf(".claude"));
        await File.WriteAllTextAsync(repo.PathOf(".claude/settings.json"), """
            {
              // team policy: make only
              "permissions": {"allow": ["Bash(make:*)"]}, /* reviewed 2026-11 */
              "hooks": {
                "Stop": [
                  // ping the channel when a turn ends
                  {"hooks": [{"type": "command", "command": "./notify.sh"}]},
                ]
              }
            }
            """, TestContext.Current.CancellationToken);

        await repo.RunOkAsync("init", "--agent", "claude");

        var text = await File.ReadAllTextAsync(repo.PathOf(".claude/settings.json"), TestContext.Current.CancellationToken);
        Assert.Contains("team policy: make only", text, StringComparison.Ordinal);
        Assert.Contains("reviewed 2026-11", text, StringComparison.Ordinal);
        Assert.Contains("ping the channel when a turn ends", text, StringComparison.Ordinal);
        var settings = await ReadJsonAsync(repo, ".claude/settings.json");
        Assert.Equal("Bash(make:*)", (string?)settings["permissions"]!["allow"]![0]);
        var stop = settings["hooks"]!["Stop"]!.AsArray();
        Assert.Equal(["./notify.sh", "baton hook stop --agent claude"], stop.Select(g => (string?)g!["hooks"]![0]!["command"]));
        var again = await repo.RunOkAsync("init", "--agent", "claude");
        Assert.DoesNotContain("updated", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitCheck_MissingAndStaleFiles_ListsThemAndExitsOne()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init", "--agent", "claude");
        File.Delete(repo.PathOf(".claude/commands/baton-work.md"));
        await File.WriteAllTextAsync(repo.PathOf(".mcp.json"), """{"mcpServers": {}}""", TestContext.Current.CancellationToken);
        // A rule Baton wrote in an older version, untouched since: the manifest holds the hash of that older text.
        const string Older = "---\ndescription: old\n---\nolder baton text\n";
        await File.WriteAllTextAsync(repo.PathOf(".baton/.gitignore"), Older, TestContext.Current.CancellationToken);
        var manifest = await ReadJsonAsync(repo, ".baton/init.json");
        manifest["written"]![".baton/.gitignore"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Older)));
        await File.WriteAllTextAsync(repo.PathOf(".baton/init.json"), manifest.ToJsonString(), TestContext.Current.CancellationToken);

        var check = await repo.RunAsync("init", "--check", "--json");

        Assert.True(check.ExitCode == 1, check.ToString());
        var files = check.Json().GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("action").GetString());
        Assert.Equal("missing", files[".claude/commands/baton-work.md"]);
        Assert.Equal("missing", files[".mcp.json"]);
        Assert.Equal("stale", files[".baton/.gitignore"]);
        Assert.Equal("ok", files["CLAUDE.md"]);
        Assert.Equal(Older, await File.ReadAllTextAsync(repo.PathOf(".baton/.gitignore"), TestContext.Current.CancellationToken));

        await repo.RunOkAsync("init");
        Assert.Equal(0, (await repo.RunAsync("init", "--check")).ExitCode);
    }
    private const string BatonCodexTable = "[mcp_servers.baton]\ncommand = \"baton\"\nargs = [\"mcp\"]\n";

    [Fact]
    public async Task Init_AgentCodex_WritesAPackThatNeedsNothingElse()
    {
        using var repo = new TempRepo();

        await repo.RunOkAsync("init", "--agent", "codex");

        Assert.Equal(BatonCodexTable, await File.ReadAllTextAsync(repo.PathOf(".codex/config.toml"), TestContext.Current.CancellationToken));
        var hooks = await ReadJsonAsync(repo, ".codex/hooks.json");
        var hook = hooks["hooks"]!["Stop"]![0]!["hooks"]![0]!;
        Assert.Equal("command", (string?)hook["type"]);
        Assert.Equal("baton hook stop --agent codex", (string?)hook["command"]);
        Assert.Equal(120, (int)hook["timeout"]!);
        // Every file the instructions name exists: no pointer into another agent's pack (.cursor/rules/*.mdc).
        var agents = await File.ReadAllTextAsync(repo.PathOf("AGENTS.md"), TestContext.Current.CancellationToken);
        var paths = System.Text.RegularExpressions.Regex.Matches(agents, @"`(\.?[\w-]+(?:/[\w.*-]+)+)`").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(".codex/hooks.json", paths);
        Assert.All(paths, path => Assert.True(File.Exists(repo.PathOf(path)), $"AGENTS.md names {path}, which init did not write"));
        Assert.DoesNotContain(".cursor", agents, StringComparison.Ordinal);
        Assert.False(Directory.Exists(repo.PathOf(".cursor")));
        Assert.Equal(0, (await repo.RunAsync("init", "--check")).ExitCode);
    }

    [Fact]
    public async Task Init_ExistingCodexConfig_AppendsTheBatonTableAndKeepsTheFileAsText()
    {
        using var repo = new TempRepo();
        Directory.CreateDirectory(repo.PathOf(".codex"));
        // Comments, a multi-line array, and a multi-line string holding a table header that is not one.
        const string Original = """"
            # my Codex settings
            model = "gpt-5"
            developer_instructions = """
            Never edit this by hand:
            [mcp_servers.baton]
            """

            [mcp_servers.github]   # the GitHub server
            command = "gh-mcp"
            args = [
              "--stdio",   # over stdio
            ]

            [mcp_servers.github.env]
            GH_HOST = "github.com"
            """";
        await File.WriteAllTextAsync(repo.PathOf(".codex/config.toml"), Original, TestContext.Current.CancellationToken);

        var first = await repo.RunOkAsync("init", "--agent", "codex");
        var again = await repo.RunOkAsync("init", "--agent", "codex");

        var text = await File.ReadAllTextAsync(repo.PathOf(".codex/config.toml"), TestContext.Current.CancellationToken);
        Assert.Equal(Original + "\n\n" + BatonCodexTable, text);
        Assert.Contains("updated", first.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("updated", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await repo.RunAsync("init", "--check")).ExitCode);
    }

    [Theory]
    [InlineData("[mcp_servers.baton]\ncommand = \"/opt/baton/bin/baton\"\nargs = [\"mcp\"]\n", "was changed by you")]
    [InlineData("[mcp_servers]\nbaton = { command = \"baton\", args = [\"mcp\", \"--role\", \"worker\"] }\n", "was changed by you")]
    [InlineData("mcp_servers.baton.command = \"baton\"\n", "was changed by you")]
    [InlineData("[mcp_servers.baton]\ncommand = 'baton'\nargs = [ 'mcp' ]  # same entry, other quotes\n", null)]
    [InlineData("mcp_servers = { github = { command = \"gh-mcp\" } }\n", "by hand")]
    public async Task Init_CodexConfigWithABatonEntryOrAClosedTable_LeavesTheFileAlone(string original, string? note)
    {
        using var repo = new TempRepo();
        Directory.CreateDirectory(repo.PathOf(".codex"));
        await File.WriteAllTextAsync(repo.PathOf(".codex/config.toml"), original, TestContext.Current.CancellationToken);

        var init = await repo.RunOkAsync("init", "--agent", "codex", "--json");

        Assert.Equal(original, await File.ReadAllTextAsync(repo.PathOf(".codex/config.toml"), TestContext.Current.CancellationToken));
        var outcome = init.Json().GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == ".codex/config.toml");
        Assert.Equal(note is null ? "unchanged" : "kept", outcome.GetProperty("action").GetString());
        if (note is not null)
        {
            Assert.Contains(note, outcome.GetProperty("note").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Init_ExistingCodexHooks_AddsTheStopHookAndKeepsTheOthers()
    {
        using var repo = new TempRepo();
        Directory.CreateDirectory(repo.PathOf(".codex"));
        await File.WriteAllTextAsync(repo.PathOf(".codex/hooks.json"), """
            {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "./lint.sh", "timeout": 30}]}],
                       "SessionStart": [{"matcher": "startup", "hooks": [{"type": "command", "command": "./hello.sh"}]}]}}
            """, TestContext.Current.CancellationToken);

        await repo.RunOkAsync("init", "--agent", "codex");

        var hooks = await ReadJsonAsync(repo, ".codex/hooks.json");
        Assert.Equal(["./lint.sh", "baton hook stop --agent codex"], hooks["hooks"]!["Stop"]!.AsArray().Select(g => (string?)g!["hooks"]![0]!["command"]));
        Assert.Equal("./hello.sh", (string?)hooks["hooks"]!["SessionStart"]![0]!["hooks"]![0]!["command"]);
    }

    [Fact]
    public async Task Init_ClaudeSettingsWithEnv_AddsTheBlockCapAndKeepsTheUsersValues()
    {
        using var repo = new TempRepo();
        Directory.CreateDirectory(repo.PathOf(".claude"));
        await File.WriteAllTextAsync(repo.PathOf(".claude/settings.json"), """
            {"env": {"BASH_DEFAULT_TIMEOUT_MS": "300000"}}
            """, TestContext.Current.CancellationToken);

        await repo.RunOkAsync("init", "--agent", "claude");
        var settings = await ReadJsonAsync(repo, ".claude/settings.json");
        Assert.Equal("300000", (string?)settings["env"]!["BASH_DEFAULT_TIMEOUT_MS"]);
        Assert.Equal("100", (string?)settings["env"]!["CLAUDE_CODE_STOP_HOOK_BLOCK_CAP"]);

        // The engineer's own cap is theirs: kept, and reported as such, on the next init.
        settings["env"]!["CLAUDE_CODE_STOP_HOOK_BLOCK_CAP"] = "500";
        await File.WriteAllTextAsync(repo.PathOf(".claude/settings.json"), settings.ToJsonString(), TestContext.Current.CancellationToken);
        var again = await repo.RunOkAsync("init", "--agent", "claude");

        Assert.Equal("500", (string?)(await ReadJsonAsync(repo, ".claude/settings.json"))["env"]!["CLAUDE_CODE_STOP_HOOK_BLOCK_CAP"]);
        Assert.Contains("CLAUDE_CODE_STOP_HOOK_BLOCK_CAP setting was changed by you", again.Stdout, StringComparison.Ordinal);
    }
}
