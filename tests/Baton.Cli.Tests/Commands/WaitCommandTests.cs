using Baton.Cli.Tests.Support;
using Baton.Hub;
using Microsoft.Extensions.Logging;

namespace Baton.Cli.Tests.Commands;

/// <summary><c>baton wait</c>: exit 0 when all done, 7 naming what failed or is stuck, 1 on timeout.</summary>
public sealed class WaitCommandTests
{
    private const string Chain = """
        {"tasks": [
          {"id": "a", "title": "first", "description": "x"},
          {"id": "b", "title": "second", "description": "x", "depends_on": ["a"]},
          {"id": "c", "title": "third", "description": "x", "depends_on": ["b"]},
          {"id": "z", "title": "alone", "description": "x"}
        ]}
        """;

    private static async Task<TempRepo> RepoAsync()
    {
        var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), Chain, TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        return repo;
    }

    private static async Task DoAsync(TempRepo repo, string id, params string[] mode)
    {
        var claim = (await repo.RunOkAsync(["claim", "--worker", "w1", "--json", .. mode])).Json();
        Assert.Equal(id, claim.GetProperty("task").GetProperty("id").GetString());
        await repo.RunOkAsync(["report", id, "--worker", "w1", "--outcome", "done", "--summary", "ok", .. mode]);
    }

    [Fact]
    public async Task Wait_EveryTaskDone_ExitsZero()
    {
        using var repo = await RepoAsync();
        foreach (var id in new[] { "a", "b", "c", "z" })
        {
            await DoAsync(repo, id);
        }

        var result = await repo.RunAsync("wait", "--all", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("done", result.Json().GetProperty("outcome").GetString());
        Assert.Equal(4, result.Json().GetProperty("done").GetArrayLength());
    }

    [Fact]
    public async Task Wait_DependencyCancelled_ReportsStuckAtOnceWithExitSeven()
    {
        using var repo = await RepoAsync();
        await DoAsync(repo, "a");
        await repo.RunOkAsync("task", "cancel", "b", "--reason", "not needed");

        // c can never run (b is cancelled); z is not asked for, so the wait does not wait on it.
        var result = await repo.RunAsync("wait", "b", "c", "--timeout", "60", "--json");

        Assert.True(result.ExitCode == 7, result.ToString());
        var json = result.Json();
        Assert.Equal("not_done", json.GetProperty("outcome").GetString());
        Assert.Equal("b", json.GetProperty("cancelled")[0].GetString());
        var stuck = Assert.Single(json.GetProperty("stuck").EnumerateArray());
        Assert.Equal("c", stuck.GetProperty("id").GetString());
        Assert.Contains("b (cancelled)", stuck.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(json.GetProperty("elapsed_ms").GetInt64() < 30_000);
        Assert.Contains("c stuck", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_TasksStillOpenAtTimeout_ExitsOneNamingThem()
    {
        using var repo = await RepoAsync();

        var result = await repo.RunAsync("wait", "a", "z", "--timeout", "1s");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("timed out after 1s: still open: a (ready), z (ready)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_UnknownTask_ExitsFive()
    {
        using var repo = await RepoAsync();
        var result = await repo.RunAsync("wait", "nope");
        Assert.True(result.ExitCode == 5, result.ToString());
    }

    [Fact]
    public async Task Wait_ThroughHub_ReturnsWhenAnotherWorkerFinishes()
    {
        using var repo = await RepoAsync();
        var hub = await BatonHub.StartAsync(new HubOptions
        {
            StorePath = repo.PathOf(".baton/baton.db"),
            Urls = "http://127.0.0.1:0",
            // Each CLI call is its own connection; on a loaded machine the gap between the claim's process
            // and the report's can outlast the default grace, which would release the lease.
            DisconnectGrace = TimeSpan.FromMinutes(10),
            ConfigureLogging = logging => logging.ClearProviders(),
        }, TestContext.Current.CancellationToken);
        try
        {
            string[] server = ["--server", hub.Url.ToString()];
            var waiting = repo.RunAsync(["wait", "a", "b", "--timeout", "120", .. server]);
            await DoAsync(repo, "a", server);
            await DoAsync(repo, "b", server);

            var result = await waiting;

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("2/2 done", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await hub.StopAsync();
        }
    }
}
