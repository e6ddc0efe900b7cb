using System.Diagnostics;
using System.Text.Json;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Run;

/// <summary><c>baton run</c> end to end: the built baton, real git repositories, scripted agents.</summary>
public sealed class RunCommandTests
{
    // Writes the file named by the task's first files glob, as an agent that does its task would.
    private const string DoesTheWork = """
        target=$(python3 -c 'import json,os; print(json.load(open(os.environ["BATON_TASK_FILE"]))["task"]["files"][0])')
        mkdir -p "$(dirname "$target")"
        echo "written by $BATON_WORKER for $BATON_TASK_ID" > "$target"
        echo "wrote $target"
        """;

    private static string Plan(int maxAttempts, params string[] ids) => "{\"tasks\": [" + string.Join(",", ids.Select(id =>
        $$"""{"id": "{{id}}", "title": "Write out/{{id}}.txt", "files": ["out/{{id}}.txt"], "max_attempts": {{maxAttempts}}, "acceptance": [{"check": "not_empty", "path": "out/{{id}}.txt"}]}""")) + "]}";

    [Fact]
    public async Task Run_AgentDoesEachTask_EveryTaskDoneAndMergedIntoMain()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync("plan.json", Plan(3, "a", "b", "c"));
        var agent = await repo.ScriptAsync("agent.sh", DoesTheWork);

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "2", "--plan", "plan.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("run complete", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("worker-1", run.Stdout, StringComparison.Ordinal);
        foreach (var id in new[] { "a", "b", "c" })
        {
            Assert.Equal("done", await StateAsync(repo, id));
            // On the main branch, not just in a worktree.
            Assert.StartsWith("written by worker-", await repo.GitAsync("show", $"main:out/{id}.txt"), StringComparison.Ordinal);
            Assert.True(File.Exists(repo.PathOf($".baton/logs/{id}-1.log")), $"no log for {id}");
        }
        Assert.True(File.Exists(repo.PathOf("out/a.txt")), "the main working tree was not updated");
        Assert.Contains("baton/worker-2", await repo.GitAsync("branch", "--list", "baton/*"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AgentsGetWorkerTokensBoundToTheirNames_AndTheRunForgetsThem()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync("plan.json", Plan(3, "a"));
        // The agent tries what a worker may not: import a plan, and act as another worker.
        var agent = await repo.ScriptAsync("agent.sh", """
            echo '{"tasks":[{"id":"intruder","title":"x"}]}' | baton task import - >/dev/null 2>&1; echo "import exit $?"
            baton heartbeat --worker worker-9 >/dev/null 2>&1; echo "other worker exit $?"
            baton status >/dev/null 2>&1; echo "status exit $?"
            case "$BATON_TOKEN" in baton_local.*) echo "agent has the coordinator token";; baton_*) echo "agent has its own token";; esac
            """ + "\n" + DoesTheWork);

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "1", "--plan", "plan.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var log = await File.ReadAllTextAsync(repo.PathOf(".baton/logs/a-1.log"), TestContext.Current.CancellationToken);
        Assert.Contains("import exit 8", log, StringComparison.Ordinal);
        Assert.Contains("other worker exit 8", log, StringComparison.Ordinal);
        Assert.Contains("status exit 0", log, StringComparison.Ordinal);
        Assert.Contains("agent has its own token", log, StringComparison.Ordinal);
        Assert.Equal("done", await StateAsync(repo, "a"));
        Assert.DoesNotContain("intruder", (await repo.RunAsync("task", "list")).Stdout, StringComparison.Ordinal);
        // The run's tokens leave no record behind.
        Assert.DoesNotContain("\"id\"", await File.ReadAllTextAsync(repo.PathOf(".baton/tokens.json"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AgentExitsNonZero_ReportsFailedWithTheOutputAndEscalatesAfterLastAttempt()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync("plan.json", Plan(1, "a"));
        var agent = await repo.ScriptAsync("fail.sh", "echo 'cannot parse the input'\nexit 1\n");

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "1", "--plan", "plan.json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("escalated", await StateAsync(repo, "a"));
        var report = await LastReportAsync(repo, "a");
        Assert.Equal("failed", report.GetProperty("outcome").GetString());
        Assert.Contains("exited 1", report.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("cannot parse the input", report.GetProperty("notes").GetString(), StringComparison.Ordinal);
        Assert.Contains("1 escalated", run.Stdout, StringComparison.Ordinal);
        // The summary sends the engineer to the inbox, where the choices are.
        Assert.Contains("1 escalated task(s) need you: 'baton inbox'", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AgentHangs_IsKilledAtTheTimeLimitAndFails()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync("plan.json", Plan(1, "a"));
        var agent = await repo.ScriptAsync("hang.sh", "echo started\nsleep 600\n");
        var watch = Stopwatch.StartNew();

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "1", "--plan", "plan.json", "--timeout", "2s");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
        var report = await LastReportAsync(repo, "a");
        Assert.Equal("failed", report.GetProperty("outcome").GetString());
        Assert.Contains("timed out after 2s", report.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("killed after the time limit", await File.ReadAllTextAsync(repo.PathOf(".baton/logs/a-1.log"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TwoTasksEditTheSameFile_SecondMergeConflictsAndIsBlockedWithThePath()
    {
        using var repo = await GitRepo.CreateAsync(new Dictionary<string, string> { ["shared.txt"] = "original\n" });
        // The tasks reserve no files (so they run together), and the agent edits shared.txt in both: the edit that
        // lands second conflicts in git. (With `files` globs, an edit outside them is escalated by the store instead.)
        await repo.WriteAsync("plan.json", "{\"tasks\": [" + string.Join(",", new[] { "a", "b" }.Select(id =>
            $$"""{"id": "{{id}}", "title": "Write out/{{id}}.txt", "max_attempts": 1, "acceptance": [{"check": "not_empty", "path": "out/{{id}}.txt"}]}""")) + "]}");
        await repo.GitAsync("add", "plan.json");
        await repo.GitAsync("commit", "--quiet", "-m", "plan");
        // The pause makes both start from the same main head.
        var agent = await repo.ScriptAsync("wrong-files.sh",
            "mkdir -p out\necho \"written by $BATON_WORKER\" > \"out/$BATON_TASK_ID.txt\"\nsleep 1\necho \"changed by $BATON_TASK_ID\" > shared.txt\n");

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "2", "--plan", "plan.json");

        Assert.True(run.ExitCode == 1, run.ToString());
        var states = new[] { await StateAsync(repo, "a"), await StateAsync(repo, "b") };
        Assert.Equal(["done", "escalated"], states.Order(StringComparer.Ordinal));
        var loser = states[0] == "escalated" ? "a" : "b";
        var winner = loser == "a" ? "b" : "a";
        var report = await LastReportAsync(repo, loser);
        Assert.Equal("blocked", report.GetProperty("outcome").GetString());
        Assert.Equal("merge conflict: paths shared.txt", report.GetProperty("summary").GetString());
        Assert.Equal($"changed by {winner}\n", await repo.GitAsync("show", "main:shared.txt"));
        // The losing work is kept for the engineer, main is left clean (the merge was aborted).
        Assert.Contains($"baton/conflict/{loser}-1", await repo.GitAsync("branch", "--list", "baton/conflict/*"), StringComparison.Ordinal);
        Assert.Equal("", (await repo.GitAsync("status", "--porcelain", "--untracked-files=no")).Trim());
    }

    [Fact]
    public async Task Run_AgentReportsItself_ItsReportStands()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync("plan.json", Plan(3, "a"));
        // `baton` on the agent's PATH is the run's own (.baton/bin/baton).
        var agent = await repo.ScriptAsync("reporter.sh",
            "baton report \"$BATON_TASK_ID\" --outcome blocked --summary \"which database? the task does not say\" --context-score 2\n");

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "1", "--plan", "plan.json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("blocked (reported by the agent", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("escalated", await StateAsync(repo, "a"));
        var report = await LastReportAsync(repo, "a");
        Assert.Equal("which database? the task does not say", report.GetProperty("summary").GetString());
        Assert.Equal("worker-1", report.GetProperty("worker").GetString());
    }

    [Fact]
    public async Task Run_AgentExitsZeroButChecksFail_ReportsFailedWithTheCheck()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync("plan.json", Plan(1, "a"));
        var agent = await repo.ScriptAsync("lazy.sh", "echo 'all done (not really)'\n");

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "1", "--plan", "plan.json");

        Assert.True(run.ExitCode == 1, run.ToString());
        var report = await LastReportAsync(repo, "a");
        Assert.Equal("failed", report.GetProperty("outcome").GetString());
        Assert.Contains("out/a.txt does not exist", report.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OutsideAGitRepository_FailsWithAClearError()
    {
        using var dir = new TempRepo();
        await File.WriteAllTextAsync(dir.PathOf("plan.json"), Plan(1, "a"), TestContext.Current.CancellationToken);

        var run = await dir.RunAsync("run", "--agent", "true", "--plan", "plan.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("needs a git repository", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.PathOf(".baton")));
    }

    [Fact]
    public async Task Run_PlanThatDoesNotParse_FailsAndCreatesNothing()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync("plan.json", """{"tasks": [{"id": "a", "title": "Write a", "acceptance": [{"check": "file_exist", "path": "a.txt"}]}]}""");
        var branchesBefore = await repo.GitAsync("branch", "--list");

        var run = await repo.RunAsync("run", "--agent", "true", "--workers", "2", "--plan", "plan.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("did you mean 'file_exists'", run.Stderr, StringComparison.Ordinal);
        // Refused before the store, the hub or the worktrees: the repository is as it was.
        Assert.False(Directory.Exists(repo.PathOf(".baton")));
        Assert.Equal(branchesBefore, await repo.GitAsync("branch", "--list"));
    }

    [Fact]
    public async Task Run_DryRun_PrintsThePlanAndChangesNothing()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync("plan.json", Plan(1, "a", "b"));
        var branchesBefore = await repo.GitAsync("branch", "--list");

        var run = await repo.RunAsync("run", "--agent", "./agent.sh", "--workers", "3", "--plan", "plan.json", "--dry-run");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(".baton/worktrees/worker-3 on branch baton/worker-3", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("a [from", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("/bin/sh -c './agent.sh'", run.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(repo.PathOf(".baton")));
        Assert.Equal(branchesBefore, await repo.GitAsync("branch", "--list"));
    }

    private static async Task<string?> StateAsync(GitRepo repo, string id)
    {
        var show = await repo.RunAsync("task", "show", id, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        return show.Json().GetProperty("task").GetProperty("state").GetString();
    }

    private static async Task<JsonElement> LastReportAsync(GitRepo repo, string id)
    {
        var show = await repo.RunAsync("task", "show", id, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        return show.Json().GetProperty("reports").EnumerateArray().Last();
    }
}
