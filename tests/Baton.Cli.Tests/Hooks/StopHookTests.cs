using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Hooks;

/// <summary><c>baton hook stop</c> run as the agents run it: a process with their documented JSON on stdin.</summary>
public sealed class StopHookTests
{
    // Claude Code's Stop hook input (code.claude.com/docs/en/hooks, "Stop").
    private static string ClaudeInput(bool active) => $$"""
        {"session_id": "abc123", "transcript_path": "/tmp/t.jsonl", "cwd": "/repo", "permission_mode": "default",
         "hook_event_name": "Stop", "stop_hook_active": {{(active ? "true" : "false")}}}
        """;

    // Cursor's stop hook input (cursor.com/docs/agent/hooks, "stop").
    private static string CursorInput(int loops) => $$"""
        {"conversation_id": "conv-1", "generation_id": "gen-1", "hook_event_name": "stop", "status": "completed",
         "loop_count": {{loops}}, "workspace_roots": ["/repo"]}
        """;

    // Codex's Stop hook input (developers.openai.com/codex/hooks, "Stop"): Claude's fields plus turn_id and model.
    private static string CodexInput(bool active) => $$"""
        {"session_id": "thread-1", "turn_id": "turn-1", "transcript_path": null, "cwd": "/repo", "hook_event_name": "Stop",
         "model": "gpt-5", "permission_mode": "default", "stop_hook_active": {{(active ? "true" : "false")}},
         "last_assistant_message": "Done."}
        """;

    private static async Task<TempRepo> RepoWithPlanAsync(string plan)
    {
        var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), plan, TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        return repo;
    }

    private static Task<CliResult> HookAsync(TempRepo repo, string agent, string input, string? worker = "w1")
        => BatonCli.RunAsync(repo.Root, ["hook", "stop", "--agent", agent, "--wait", "1s"], input,
            new Dictionary<string, string?> { ["BATON_WORKER"] = worker, ["TMPDIR"] = repo.PathOf("tmp") });

    [Fact]
    public async Task StopClaude_TaskReady_BlocksWithTheTaskAsNextInstruction()
    {
        using var repo = await RepoWithPlanAsync(Plans.Three());

        var hook = await HookAsync(repo, "claude", ClaudeInput(active: false));

        Assert.True(hook.ExitCode == 0, hook.ToString());
        var reply = hook.Json();
        Assert.Equal("block", reply.GetProperty("decision").GetString());
        var reason = reply.GetProperty("reason").GetString()!;
        Assert.Contains("task t1: Summarize a", reason, StringComparison.Ordinal);
        Assert.Contains("baton report t1 --worker w1", reason, StringComparison.Ordinal);
        var show = (await repo.RunOkAsync("task", "show", "t1", "--json")).Json();
        Assert.Equal("w1", show.GetProperty("task").GetProperty("current_lease").GetProperty("worker").GetString());
    }

    [Fact]
    public async Task StopCodex_TaskReadyThenHeld_BlocksWithTheTaskThenAsksForTheReport()
    {
        using var repo = await RepoWithPlanAsync(Plans.Three());

        var hook = await HookAsync(repo, "codex", CodexInput(active: false));
        var reminder = await HookAsync(repo, "codex", CodexInput(active: true));

        Assert.True(hook.ExitCode == 0, hook.ToString());
        Assert.Equal("block", hook.Json().GetProperty("decision").GetString());
        Assert.Contains("task t1: Summarize a", hook.Json().GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("block", reminder.Json().GetProperty("decision").GetString());
        Assert.Contains("You still hold Baton task t1", reminder.Json().GetProperty("reason").GetString(), StringComparison.Ordinal);
        // A chat may never have seen the task (Claude Code overrides a block past its cap): the reminder says how to read it.
        Assert.Contains("baton task show t1", reminder.Json().GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopClaude_TaskStillHeld_AsksForTheReportThenGivesUpAfterMaxBlocks()
    {
        using var repo = await RepoWithPlanAsync(Plans.Three());
        await HookAsync(repo, "claude", ClaudeInput(active: false));

        for (var i = 1; i <= 3; i++)
        {
            var reminder = await HookAsync(repo, "claude", ClaudeInput(active: true));
            Assert.True(reminder.ExitCode == 0, reminder.ToString());
            Assert.Contains("You still hold Baton task t1", reminder.Json().GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
        var giveUp = await HookAsync(repo, "claude", ClaudeInput(active: true));

        Assert.True(giveUp.ExitCode == 0, giveUp.ToString());
        Assert.Equal("", giveUp.Stdout.Trim());
        Assert.Contains("after 3 reminders", giveUp.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopCursor_AfterReport_FollowsUpWithTheNextTaskThenStopsWhenComplete()
    {
        using var repo = await RepoWithPlanAsync("""{"tasks": [{"id": "x1", "title": "One"}, {"id": "x2", "title": "Two"}]}""");

        var first = await HookAsync(repo, "cursor", CursorInput(0));
        Assert.Contains("task x1: One", first.Json().GetProperty("followup_message").GetString(), StringComparison.Ordinal);
        await repo.RunOkAsync("report", "x1", "--worker", "w1", "--outcome", "done", "--summary", "did one");
        var second = await HookAsync(repo, "cursor", CursorInput(1));
        Assert.Contains("task x2: Two", second.Json().GetProperty("followup_message").GetString(), StringComparison.Ordinal);
        await repo.RunOkAsync("report", "x2", "--worker", "w1", "--outcome", "done", "--summary", "did two");

        var last = await HookAsync(repo, "cursor", CursorInput(2));

        Assert.True(last.ExitCode == 0, last.ToString());
        Assert.Equal("", last.Stdout.Trim());
        Assert.Contains("the plan is complete", last.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_NotAWorker_LetsTheAgentStopAndClaimsNothing()
    {
        using var repo = await RepoWithPlanAsync(Plans.Three());

        var hook = await HookAsync(repo, "claude", ClaudeInput(active: false), worker: null);

        Assert.True(hook.ExitCode == 0, hook.ToString());
        Assert.Equal("", hook.Stdout.Trim());
        var status = (await repo.RunOkAsync("status", "--json")).Json();
        Assert.Equal(0, status.GetProperty("counts").GetProperty("leased").GetInt32());
    }

    [Fact]
    public async Task Stop_GarbageOnStdinAndNoStore_StillExitsZeroWithoutOutput()
    {
        using var dir = new TempRepo();

        var hook = await BatonCli.RunAsync(dir.Root, ["hook", "stop", "--agent", "cursor"], "not json",
            new Dictionary<string, string?> { ["BATON_WORKER"] = "w1" });

        Assert.True(hook.ExitCode == 0, hook.ToString());
        Assert.Equal("", hook.Stdout.Trim());
        Assert.Contains("not a JSON object", hook.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_UnreadableInputWithATaskReady_LetsTheAgentStopAndClaimsNothing()
    {
        using var repo = await RepoWithPlanAsync(Plans.Three());

        // Truncated input: the hook cannot tell whether it caused this stop, so its loop guard could not count it.
        var hook = await HookAsync(repo, "claude", """{"session_id": "abc123", "stop_hook_act""");

        Assert.True(hook.ExitCode == 0, hook.ToString());
        Assert.Equal("", hook.Stdout.Trim());
        var status = (await repo.RunOkAsync("status", "--json")).Json();
        Assert.Equal(0, status.GetProperty("counts").GetProperty("leased").GetInt32());
    }

    [Fact]
    public async Task Stop_InsideBatonRun_StandsAsideAndClaimsNothing()
    {
        using var repo = await RepoWithPlanAsync(Plans.Three());

        // baton run sets BATON_TASK_ID for the agent it starts; the agent's Stop hook must leave the next task to it.
        var hook = await BatonCli.RunAsync(repo.Root, ["hook", "stop", "--agent", "claude", "--wait", "1s"], ClaudeInput(active: false),
            new Dictionary<string, string?> { ["BATON_WORKER"] = "w1", ["BATON_TASK_ID"] = "t9", ["TMPDIR"] = repo.PathOf("tmp") });

        Assert.True(hook.ExitCode == 0, hook.ToString());
        Assert.Equal("", hook.Stdout.Trim());
        Assert.Contains("baton run manages this agent", hook.Stderr, StringComparison.Ordinal);
        var status = (await repo.RunOkAsync("status", "--json")).Json();
        Assert.Equal(0, status.GetProperty("counts").GetProperty("leased").GetInt32());
    }
}
