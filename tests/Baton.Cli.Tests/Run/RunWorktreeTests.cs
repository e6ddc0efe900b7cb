using System.Text.Json;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Run;

/// <summary>
/// <c>baton run</c> keeps one worktree per worker for the whole run and resets it between tasks: each task must still
/// start from the main branch as it is when the task starts, with nothing left over from the worker's earlier task.
/// And a worker with nothing to do waits on the hub's events: it takes a task that becomes ready while it waits.
/// </summary>
public sealed class RunWorktreeTests
{
    [Fact]
    public async Task Run_WorkerReusesItsWorktree_EachTaskStartsFromTheCurrentMain()
    {
        using var repo = await GitRepo.CreateAsync();
        // c needs a and b, so it runs after both are merged, in a worktree that already did one of them (two workers).
        await repo.WriteAsync("plan.json", """
            {"tasks": [{"id": "a", "title": "Write a", "files": ["out/a.txt"]},
                       {"id": "b", "title": "Write b", "files": ["out/b.txt"]},
                       {"id": "c", "title": "Write c", "files": ["out/c.txt"], "depends_on": ["a", "b"]}]}
            """);
        // Each task writes down which task files its worktree held when it started.
        var agent = await repo.ScriptAsync("agent.sh", """
            mkdir -p out
            seen=$(ls out | tr '\n' ' ')
            echo "$seen" > "out/$BATON_TASK_ID.txt"
            """);

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "2", "--plan", "plan.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        // Both earlier tasks' work, though one of them was done in another worker's worktree.
        Assert.Equal("a.txt b.txt \n", await repo.GitAsync("show", "main:out/c.txt"));
        var c = await LastReport(repo, "c");
        var earlier = new[] { (await LastReport(repo, "a")).GetProperty("worker").GetString(), (await LastReport(repo, "b")).GetProperty("worker").GetString() };
        Assert.Contains(c.GetProperty("worker").GetString(), earlier);
    }

    [Fact]
    public async Task Run_SecondRunOnTheSameRepository_RecreatesTheWorktreesFromTheCurrentMain()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync(".git/plan-1.json", """{"tasks": [{"id": "a", "title": "Write a", "files": ["out/a.txt"]}]}""");
        await repo.WriteAsync(".git/plan-2.json", """{"tasks": [{"id": "b", "title": "Write b", "files": ["out/b.txt"]}]}""");
        var agent = await repo.ScriptAsync("agent.sh", """
            mkdir -p out
            seen=$(ls out | tr '\n' ' ')
            echo "$seen" > "out/$BATON_TASK_ID.txt"
            """);
        var first = await repo.RunAsync("run", "--agent", agent, "--workers", "2", "--plan", ".git/plan-1.json");
        Assert.True(first.ExitCode == 0, first.ToString());
        // The first run's worktrees are left for inspection, one with a change nobody committed; the second run makes
        // them again, at main as it is now.
        await File.WriteAllTextAsync(repo.PathOf(".baton/worktrees/worker-2/stray.txt"), "left behind\n", TestContext.Current.CancellationToken);

        var second = await repo.RunAsync("run", "--agent", agent, "--workers", "2", "--plan", ".git/plan-2.json");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("a.txt \n", await repo.GitAsync("show", "main:out/b.txt"));
        Assert.False(File.Exists(repo.PathOf(".baton/worktrees/worker-2/stray.txt")), "the second run kept the first run's worktree");
        Assert.Contains("worker-2", await repo.GitAsync("worktree", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AttemptFailsLeavingChanges_RetryStartsFromACleanWorktree()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync("plan.json", """{"tasks": [{"id": "a", "title": "Write a", "files": ["out/a.txt"], "max_attempts": 2}]}""");
        // The first attempt leaves an untracked file, a half-written task file and an edit to a tracked file, then fails;
        // the retry (same worker, same worktree) says whether it found any of them.
        var agent = await repo.ScriptAsync("agent.sh", """
            marker="$BATON_REPOSITORY/.git/tried-$BATON_TASK_ID"
            mkdir -p out
            if [ ! -e "$marker" ]; then
              touch "$marker"; echo junk > junk.txt; echo stale > out/a.txt; echo changed >> README.md
              exit 1
            fi
            if [ -e junk.txt ] || [ -e out/a.txt ] || grep -q changed README.md; then echo dirty > out/a.txt; else echo clean > out/a.txt; fi
            """);

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "1", "--plan", "plan.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("clean\n", await repo.GitAsync("show", "main:out/a.txt"));
        Assert.Equal("# test repository\n", await repo.GitAsync("show", "main:README.md"));
        Assert.Equal("", (await repo.GitAsync("ls-tree", "--name-only", "main", "junk.txt")).Trim());
        // One worker, main untouched since the worktree's reset: git fast-forwards, and the live view says so.
        Assert.Contains("a done in", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("fast-forward into main", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AgentChangesNothing_DoneWithNothingToMerge()
    {
        using var repo = await GitRepo.CreateAsync();
        await repo.WriteAsync("plan.json", """{"tasks": [{"id": "a", "title": "Look around"}]}""");
        var head = await repo.GitAsync("rev-parse", "main");
        var agent = await repo.ScriptAsync("agent.sh", "echo 'nothing needed changing'\n");

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "1", "--plan", "plan.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("nothing to merge into main", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(head, await repo.GitAsync("rev-parse", "main"));
    }

    [Fact]
    public async Task Run_TaskBecomesReadyWhileAWorkerIsIdle_TheIdleWorkerTakesIt()
    {
        using var repo = await GitRepo.CreateAsync();
        // While a runs, the other worker has nothing to claim. When a is done, b and c are ready at once: the worker
        // that did a takes one with its report, and the idle worker must take the other while it still runs.
        await repo.WriteAsync("plan.json", """
            {"tasks": [{"id": "a", "title": "Write a", "files": ["out/a.txt"]},
                       {"id": "b", "title": "Write b", "files": ["out/b.txt"], "depends_on": ["a"]},
                       {"id": "c", "title": "Write c", "files": ["out/c.txt"], "depends_on": ["a"]}]}
            """);
        // b and c wait for each other (up to 20 s, less than an idle worker's longest wait, 30 s, so a worker that was
        // not woken by a's report would be too late) and write whether the other one started.
        var agent = await repo.ScriptAsync("agent.sh", """
            mkdir -p out
            if [ "$BATON_TASK_ID" = a ]; then echo a > out/a.txt; exit 0; fi
            touch "$BATON_REPOSITORY/.git/started-$BATON_TASK_ID"
            other=b; [ "$BATON_TASK_ID" = b ] && other=c
            i=0
            while [ ! -e "$BATON_REPOSITORY/.git/started-$other" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done
            if [ -e "$BATON_REPOSITORY/.git/started-$other" ]; then echo together > "out/$BATON_TASK_ID.txt"; else echo alone > "out/$BATON_TASK_ID.txt"; fi
            """);

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "2", "--plan", "plan.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("together\n", await repo.GitAsync("show", "main:out/b.txt"));
        Assert.Equal("together\n", await repo.GitAsync("show", "main:out/c.txt"));
        var b = await LastReport(repo, "b");
        var c = await LastReport(repo, "c");
        Assert.NotEqual(b.GetProperty("worker").GetString(), c.GetProperty("worker").GetString());
    }

    private static async Task<JsonElement> LastReport(GitRepo repo, string id)
    {
        var show = await repo.RunAsync("task", "show", id, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        var detail = show.Json();
        Assert.Equal("done", detail.GetProperty("task").GetProperty("state").GetString());
        return detail.GetProperty("reports").EnumerateArray().Last();
    }
}
