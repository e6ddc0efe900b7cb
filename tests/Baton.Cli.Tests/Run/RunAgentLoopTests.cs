using System.Text.Json;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Run;

/// <summary>
/// <c>baton run</c> with scripted agents that behave the way real ones do inside it: they read the feedback Baton
/// gives a retry, report their own work from their worktree, and carry the repository's Claude Stop hook.
/// </summary>
public sealed class RunAgentLoopTests
{
    // The check's program is committed (so it reaches every worktree); the word it wants is in its output only.
    private const string CheckScript = """
        #!/bin/sh
        test "$(cat out/a.txt 2>/dev/null)" = "blue" && exit 0
        echo "Traceback (most recent call last):"
        echo "  File \"check.sh\", line 2, in test_colour"
        echo "AssertionError: out/a.txt must say: blue"
        exit 1
        """;

    // Writes what the last attempt's feedback asked for, read from the task JSON, and only when the prompt file
    // carries the same feedback; with no feedback it guesses "red", which fails the check.
    private const string ReadsFeedback = """
        word=$(python3 -c 'import json,os; print(json.load(open(os.environ["BATON_TASK_FILE"])).get("feedback") or "")' | sed -n 's/.*must say: //p' | head -n 1)
        if [ -n "$word" ] && ! grep -q "must say: $word" "$BATON_TASK_PROMPT_FILE"; then word=""; fi
        mkdir -p out
        echo "${word:-red}" > out/a.txt
        """;

    [Fact]
    public async Task Run_ChecksFailOnce_RetryGetsTheCheckOutputAndPasses()
    {
        using var repo = await GitRepo.CreateAsync(new Dictionary<string, string> { ["check.sh"] = CheckScript });
        await repo.WriteAsync("plan.json", """
            {"tasks": [{"id": "a", "title": "Write a", "files": ["out/a.txt"], "max_attempts": 2,
                        "acceptance": [{"check": "command", "run": "sh check.sh"}]}]}
            """);
        var agent = await repo.ScriptAsync("agent.sh", ReadsFeedback);

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "1", "--plan", "plan.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("blue\n", await repo.GitAsync("show", "main:out/a.txt"));
        var show = await ShowAsync(repo, "a");
        Assert.Equal("done", show.GetProperty("task").GetProperty("state").GetString());
        Assert.Equal(2, show.GetProperty("task").GetProperty("attempts").GetInt32());
        // The second attempt's prompt (the file is rewritten per attempt) carried the failing check's traceback.
        var prompt = await File.ReadAllTextAsync(repo.PathOf(".baton/tasks/a.md"), TestContext.Current.CancellationToken);
        Assert.Contains("feedback from the last attempt", prompt, StringComparison.Ordinal);
        Assert.Contains("Traceback (most recent call last):", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AgentReportsNewFileFromItsWorktree_ReportIsAcceptedAndMerged()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync("plan.json", """
            {"tasks": [{"id": "a", "title": "Write a", "files": ["out/a.txt"], "max_attempts": 1,
                        "acceptance": [{"check": "file_exists", "path": "out/a.txt"}]}]}
            """);
        // The file exists only in the agent's worktree until baton run merges it: the hub must look there.
        var agent = await repo.ScriptAsync("reporter.sh", """
            mkdir -p out && echo "from the worktree" > out/a.txt
            baton report "$BATON_TASK_ID" --outcome done --summary "wrote out/a.txt" --files out/a.txt --context-score 5
            """);

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "1", "--plan", "plan.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("reported by the agent", run.Stdout, StringComparison.Ordinal);
        var show = await ShowAsync(repo, "a");
        Assert.Equal("done", show.GetProperty("task").GetProperty("state").GetString());
        var report = show.GetProperty("reports").EnumerateArray().Last();
        Assert.Equal("wrote out/a.txt", report.GetProperty("summary").GetString());
        Assert.Equal("from the worktree\n", await repo.GitAsync("show", "main:out/a.txt"));
    }

    [Fact]
    public async Task Report_WorktreeThatIsNotTheRepositorys_IsRefused()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.RunAsync("init");
        await repo.WriteAsync("plan.json", """{"tasks": [{"id": "a", "title": "Write a", "files": ["out/a.txt"]}]}""");
        Assert.Equal(0, (await repo.RunAsync("task", "import", "plan.json")).ExitCode);
        Assert.Equal(0, (await repo.RunAsync("claim", "--worker", "w1")).ExitCode);
        // A directory that looks like a worktree (a .git file) but that git does not list for this repository.
        using var elsewhere = new TempRepo();
        await File.WriteAllTextAsync(elsewhere.PathOf(".git"), "gitdir: /nowhere\n", TestContext.Current.CancellationToken);
        Directory.CreateDirectory(elsewhere.PathOf("out"));
        await File.WriteAllTextAsync(elsewhere.PathOf("out/a.txt"), "x", TestContext.Current.CancellationToken);

        var report = await BatonCli.RunAsync(repo.Root, ["report", "a", "--worker", "w1", "--outcome", "done", "--summary", "wrote it", "--files", "out/a.txt"],
            env: new Dictionary<string, string?> { ["BATON_WORKTREE"] = elsewhere.Root });

        Assert.Equal(2, report.ExitCode);
        Assert.Contains("is not a git worktree of the repository", report.Stderr + report.Stdout, StringComparison.Ordinal);
        Assert.Equal("leased", (await ShowAsync(repo, "a")).GetProperty("task").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Run_AgentWithClaudeStopHook_HookStandsAsideAndNoTaskStaysLeased()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync("plan.json", """
            {"tasks": [{"id": "a", "title": "Write a", "files": ["out/a.txt"]}, {"id": "b", "title": "Write b", "files": ["out/b.txt"]}]}
            """);
        // What `claude -p` does with the repository's .claude/settings.json: the agent reports, its turn ends, and
        // Claude runs the Stop hook with its JSON on stdin, inside the agent's process tree (BATON_* inherited).
        var hookOut = repo.PathOf(".git/hook-out");
        var agent = await repo.ScriptAsync("claude-like.sh", $$"""
            mkdir -p out && echo "$BATON_TASK_ID" > "out/$BATON_TASK_ID.txt"
            baton report "$BATON_TASK_ID" --outcome done --summary "wrote it" --context-score 5
            echo '{"session_id": "s-'"$BATON_TASK_ID"'", "hook_event_name": "Stop", "stop_hook_active": false}' \
              | baton hook stop --agent claude --wait 1s >> "{{hookOut}}"
            """);

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "1", "--plan", "plan.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", (await File.ReadAllTextAsync(hookOut, TestContext.Current.CancellationToken)).Trim());
        foreach (var id in new[] { "a", "b" })
        {
            Assert.Equal("done", (await ShowAsync(repo, id)).GetProperty("task").GetProperty("state").GetString());
        }
    }

    [Fact]
    public async Task Run_AgentClaimsAnotherTaskAndExits_ThatTaskIsReleasedAndDoneLater()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync("plan.json", """
            {"tasks": [{"id": "a", "title": "Write a", "files": ["out/a.txt"]}, {"id": "b", "title": "Write b", "files": ["out/b.txt"]}]}
            """);
        // Any way a task gets leased from inside the agent (its own claim after its report, a hook that does not know
        // baton run) must not outlive the agent.
        var agent = await repo.ScriptAsync("grabby.sh", """
            mkdir -p out && echo "$BATON_TASK_ID" > "out/$BATON_TASK_ID.txt"
            if [ "$BATON_TASK_ID" = a ]; then
              baton report a --outcome done --summary "wrote a" --context-score 5 && baton claim --json > /dev/null
            fi
            """);

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "1", "--plan", "plan.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("b: the agent for a claimed it and exited; released it", run.Stdout, StringComparison.Ordinal);
        var b = await ShowAsync(repo, "b");
        Assert.Equal("done", b.GetProperty("task").GetProperty("state").GetString());
        Assert.Equal("b\n", await repo.GitAsync("show", "main:out/b.txt"));
    }

    private static async Task<JsonElement> ShowAsync(GitRepo repo, string id)
    {
        var show = await repo.RunAsync("task", "show", id, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        return show.Json();
    }
}
