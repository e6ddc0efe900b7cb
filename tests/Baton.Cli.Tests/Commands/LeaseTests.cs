using System.Text.Json;
using Baton.Cli.Tests.Support;
using Baton.Client;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Hub;
using Microsoft.Extensions.Logging;

namespace Baton.Cli.Tests.Commands;

/// <summary>Leases through the real CLI: expiry and reassignment with history, late reports, per-task lease
/// lengths, and one-shot hub calls whose leases outlive their connection.</summary>
public sealed class LeaseTests
{
    private const string Plan = """
        {"tasks": [
          {"id": "t1", "title": "Long one", "description": "takes a while"},
          {"id": "t2", "title": "Short lease", "description": "the plan sets its lease", "lease": "7s"}
        ]}
        """;

    [Fact]
    public async Task Claim_AfterEarlierLeaseExpired_ShowsAttemptAndHistoryAndLateReportIsRefused()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), Plan, TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        var first = (await repo.RunOkAsync("claim", "--worker", "w1", "--json")).Json();
        Assert.Equal("t1", first.GetProperty("task").GetProperty("id").GetString());
        await repo.RunOkAsync("claim", "--worker", "w3");
        // Shorten the lease to a second from now, leaving a note for whoever comes next.
        await repo.RunOkAsync("heartbeat", "--worker", "w1", "--task", "t1", "--note", "half way", "--lease", "1s");

        // Lazy expiry: w2's claim gets t1 once w1's lease has lapsed (until then there is nothing to claim).
        var text = await PollClaimAsync(repo, "w2", "t1");

        Assert.Contains("attempt 2 of 3", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("#1 w1: expired: half way", text.Stdout, StringComparison.Ordinal);
        var again = (await repo.RunOkAsync("claim", "--worker", "w2", "--json")).Json();
        Assert.Equal(2, again.GetProperty("attempt").GetInt32());
        var earlier = Assert.Single(again.GetProperty("history").EnumerateArray());
        Assert.Equal("w1", earlier.GetProperty("worker").GetString());
        Assert.Equal("expired", earlier.GetProperty("ending").GetString());
        Assert.Equal("half way", earlier.GetProperty("note").GetString());

        var late = await repo.RunAsync("report", "t1", "--worker", "w1", "--outcome", "done", "--summary", "too late");
        Assert.True(late.ExitCode == 4, late.ToString());
        Assert.Contains("lease expired, task reassigned to w2", late.Stderr, StringComparison.Ordinal);
        var show = (await repo.RunOkAsync("task", "show", "t1", "--json")).Json();
        Assert.Equal("leased", show.GetProperty("task").GetProperty("state").GetString());
        var kept = Assert.Single(show.GetProperty("reports").EnumerateArray());
        Assert.True(kept.GetProperty("late").GetBoolean());

        var status = await repo.RunOkAsync("status");
        // columns: worker, state, health, current task, done, failed, busy, last seen
        Assert.Matches(@"w1\s+idle\s+alive\s+-\s+0\s+0\s+\S+\s+\S+ ago", status.Stdout);
        Assert.Matches(@"w2\s+busy\s+alive\s+t1\s+0\s+0\s+\S+\s+\S+ ago", status.Stdout);
    }

    [Fact]
    public async Task Claim_TaskWithPlanLease_GetsThatLeaseLocallyAndThroughHub()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), Plan, TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        await repo.RunOkAsync("claim", "--worker", "w1");

        var local = (await repo.RunOkAsync("claim", "--worker", "w2", "--json")).Json();
        Assert.Equal(TimeSpan.FromSeconds(7), LeaseLength(local));

        await repo.RunOkAsync("release", "t2", "--worker", "w2");
        await using var hub = await StartHubAsync(repo, TimeSpan.FromSeconds(15));
        var remote = (await repo.RunOkAsync("claim", "--worker", "w3", "--json", "--server", hub.Url.ToString())).Json();
        Assert.Equal("t2", remote.GetProperty("task").GetProperty("id").GetString());
        Assert.Equal(TimeSpan.FromSeconds(7), LeaseLength(remote));
    }

    [Fact]
    public async Task Claim_OneShotThroughHub_LeaseOutlivesDisconnectGrace()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), Plan, TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        await using var hub = await StartHubAsync(repo, TimeSpan.FromMilliseconds(200));
        var server = hub.Url.ToString();
        var ct = TestContext.Current.CancellationToken;

        var claimed = (await repo.RunOkAsync("claim", "--worker", "w1", "--json", "--server", server)).Json();
        Assert.Equal("t1", claimed.GetProperty("task").GetProperty("id").GetString());
        // The control: a persistent worker that claims after the CLI call ended and then drops its connection.
        var persistent = await BatonClient.ConnectAsync(new BatonClientOptions { Server = hub.Url, Token = Baton.Core.Access.HubToken.Local(Baton.Hub.Access.AccessKey.LoadOrCreate(repo.PathOf(".baton"))), Worker = new WorkerId("w2") }, ct);
        Assert.True((await persistent.Value.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w2") }, ct)).IsOk);
        await persistent.Value.DisposeAsync();

        // Polling with a generous deadline: w2's grace runs out on the hub's clock.
        var deadline = TimeProvider.System.GetUtcNow() + TestTimeouts.Command;
        JsonElement tasks;
        do
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the persistent worker's task was never released");
            tasks = (await repo.RunOkAsync("task", "list", "--json", "--server", server)).Json();
        }
        while (State(tasks, "t2") != "ready");

        Assert.Equal("leased", State(tasks, "t1"));
        await repo.RunOkAsync("report", "t1", "--worker", "w1", "--outcome", "done", "--summary", "reported on a later connection", "--server", server);
    }

    private static async Task<RunningHub> StartHubAsync(TempRepo repo, TimeSpan grace)
        => await BatonHub.StartAsync(new HubOptions
        {
            StorePath = repo.PathOf(".baton/baton.db"),
            Urls = "http://127.0.0.1:0",
            DisconnectGrace = grace,
            ConfigureLogging = logging => logging.ClearProviders(),
        }, TestContext.Current.CancellationToken);

    private static async Task<CliResult> PollClaimAsync(TempRepo repo, string worker, string wanted)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TestTimeouts.Command;
        while (true)
        {
            var result = await repo.RunAsync("claim", "--worker", worker);
            if (result.ExitCode == 0 && result.Stdout.StartsWith($"task {wanted}:", StringComparison.Ordinal))
            {
                return result;
            }
            Assert.True(result.ExitCode == 3, result.ToString());
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"{worker} never got {wanted}");
        }
    }

    private static TimeSpan LeaseLength(JsonElement assignment)
    {
        var lease = assignment.GetProperty("lease");
        return lease.GetProperty("expires_at").GetDateTimeOffset() - lease.GetProperty("claimed_at").GetDateTimeOffset();
    }

    private static string? State(JsonElement tasks, string id)
        => tasks.GetProperty("tasks").EnumerateArray().First(t => t.GetProperty("id").GetString() == id).GetProperty("state").GetString();
}
