using Baton.Cli.Tests.Support;
using Baton.Hub;
using Microsoft.Extensions.Logging;

namespace Baton.Cli.Tests.Commands;

/// <summary>The claim/report loop through real processes, in local mode and through a hub: every task done exactly once.</summary>
public sealed class WorkLoopTests
{
    [Fact]
    public async Task ClaimReport_ThreeLocalWorkersInParallel_EachTaskDoneOnce()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), Plans.Three(), TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");

        await RunLoopAndCheckAsync(repo, []);
    }

    [Fact]
    public async Task ClaimReport_ThreeWorkersThroughHub_EachTaskDoneOnce()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        var hub = await BatonHub.StartAsync(new HubOptions
        {
            StorePath = repo.PathOf(".baton/baton.db"),
            Urls = "http://127.0.0.1:0",
            ConfigureLogging = logging => logging.ClearProviders(),
        }, TestContext.Current.CancellationToken);
        try
        {
            string[] server = ["--server", hub.Url.ToString()];
            await File.WriteAllTextAsync(repo.PathOf("plan.json"), Plans.Three(), TestContext.Current.CancellationToken);
            await repo.RunOkAsync(["task", "import", "plan.json", .. server]);

            await RunLoopAndCheckAsync(repo, server);
        }
        finally
        {
            await hub.StopAsync();
        }
    }

    [Fact]
    public async Task ReportNext_ChainsThroughThePlanLocally_AndExits3WhenNothingIsLeft()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await repo.RunOkAsync("task", "add", "--id", "a", "--title", "first");
        await repo.RunOkAsync("task", "add", "--id", "b", "--title", "second", "--depends-on", "a");

        var claim = (await repo.RunOkAsync("claim", "--worker", "w1", "--json")).Json();
        Assert.Equal("a", claim.GetProperty("task").GetProperty("id").GetString());

        // Done on a releases b, and the same call leases it to w1.
        var chained = (await repo.RunOkAsync("report", "a", "--worker", "w1", "--outcome", "done", "--summary", "did a", "--next", "--json")).Json();
        Assert.Equal("done", chained.GetProperty("task").GetProperty("state").GetString());
        Assert.Equal("b", chained.GetProperty("next").GetProperty("task").GetProperty("id").GetString());
        Assert.Equal("w1", chained.GetProperty("next").GetProperty("lease").GetProperty("worker").GetString());

        var text = await repo.RunAsync("report", "b", "--worker", "w1", "--outcome", "done", "--summary", "did b", "--next");
        Assert.Equal(3, text.ExitCode);
        Assert.Contains("reported b done; task is now done", text.Stdout, StringComparison.Ordinal);
        var status = (await repo.RunOkAsync("status", "--json")).Json();
        Assert.True(status.GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task ReportWaitWithoutNext_IsABadRequestAndChangesNothing()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await repo.RunOkAsync("task", "add", "--id", "a", "--title", "first");
        await repo.RunOkAsync("claim", "--worker", "w1");

        var refused = await repo.RunAsync("report", "a", "--worker", "w1", "--outcome", "done", "--summary", "did a", "--wait", "5s");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--next", refused.Stderr, StringComparison.Ordinal);
        var show = (await repo.RunOkAsync("task", "show", "a", "--json")).Json();
        Assert.Equal("leased", show.GetProperty("task").GetProperty("state").GetString());
    }

    private static async Task RunLoopAndCheckAsync(TempRepo repo, string[] mode)
    {
        var workers = Enumerable.Range(1, 3).Select(i => WorkerLoopAsync(repo, $"w{i}", mode)).ToList();
        var done = (await Task.WhenAll(workers)).SelectMany(ids => ids).ToList();

        Assert.Equal(["t1", "t2", "t3"], done.Order(StringComparer.Ordinal));
        foreach (var id in done)
        {
            var show = (await repo.RunOkAsync(["task", "show", id, "--json", .. mode])).Json();
            Assert.Equal("done", show.GetProperty("task").GetProperty("state").GetString());
            var report = Assert.Single(show.GetProperty("reports").EnumerateArray());
            Assert.Equal("done", report.GetProperty("outcome").GetString());
            Assert.Equal(5, report.GetProperty("context_score").GetInt32());
        }
        var status = (await repo.RunOkAsync(["status", "--json", .. mode])).Json();
        Assert.True(status.GetProperty("complete").GetBoolean());
    }

    /// <summary>One worker: claim (no wait) and report until there is nothing left to claim (exit 3).</summary>
    private static async Task<List<string>> WorkerLoopAsync(TempRepo repo, string worker, string[] mode)
    {
        var done = new List<string>();
        while (true)
        {
            var claim = await repo.RunAsync(["claim", "--worker", worker, "--json", .. mode]);
            if (claim.ExitCode == 3)
            {
                return done;
            }
            Assert.True(claim.ExitCode == 0, claim.ToString());
            var id = claim.Json().GetProperty("task").GetProperty("id").GetString()!;
            await repo.RunOkAsync(["heartbeat", "--worker", worker, "--task", id, "--note", "half way", .. mode]);
            // The work itself: a report's files must exist (a claimed-but-missing file is refused).
            var target = claim.Json().GetProperty("task").GetProperty("files")[0].GetString()!;
            Directory.CreateDirectory(Path.GetDirectoryName(repo.PathOf(target))!);
            await File.WriteAllTextAsync(repo.PathOf(target), $"summary for {id} by {worker}\n");
            await repo.RunOkAsync(["report", id, "--worker", worker, "--outcome", "done", "--summary", $"did {id}",
                "--files", target, "--context-score", "5", .. mode]);
            done.Add(id);
        }
    }
}
