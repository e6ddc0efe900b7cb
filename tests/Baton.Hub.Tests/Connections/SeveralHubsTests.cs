using Baton.Client;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Connections;

/// <summary>Several hubs on one PostgreSQL store: presence names the hub that holds each worker's connection, so a
/// worker that moved to another hub keeps its leases when the first hub's grace ends, a hub that starts leaves the workers
/// of live hubs alone, and the workers of a hub that is gone are released by another after the grace.</summary>
public sealed class SeveralHubsTests
{
    private static readonly TimeSpan ShortGrace = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task WorkerThatMovedToHubB_IsNotReleasedWhenHubAsGraceEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await SharedPostgres.NewDatabaseAsync();
        var logsA = new LogSink();
        await using var a = await TestHub.StartAsync(grace: ShortGrace, logs: logsA, postgres: database);
        await using var b = await TestHub.StartAsync(grace: TimeSpan.FromMinutes(5), postgres: database);
        await a.SeedAsync("t1");
        var onA = await RawSocket.HelloAsync(a.SocketUrl, "w1");
        var claimed = await onA.RequestAsync("""{"type":"claim","id":2,"wait":false}""");
        Assert.Equal("task.assigned", claimed.GetProperty("type").GetString());
        var lease = claimed.GetProperty("assignment").GetProperty("lease").GetProperty("id").GetString();

        // The worker says hello on B before A notices its connection there is gone (failover), then A's connection closes.
        await using var onB = await RawSocket.HelloAsync(b.SocketUrl, "w1");
        await onA.DisposeAsync();

        // A's grace ends: it finds the worker held by B, a live hub, and leaves its lease (event 2104 says so).
        await Poll.UntilAsync(() => Task.FromResult(logsA.Entries.Any(e => e.EventId == 2104)));
        Assert.DoesNotContain(logsA.Entries, e => e.EventId == 2102);
        var task = await ShowAsync(b, "t1");
        Assert.Equal(TaskState.Leased, task.State);
        Assert.Equal(lease, task.CurrentLease!.Id.Value);
        var renewed = await onB.RequestAsync("""{"type":"heartbeat","id":3}""");
        Assert.Equal("heartbeat.ok", renewed.GetProperty("type").GetString());
        Assert.True(await ConnectedAsync(b, "w1"));
    }

    [Fact]
    public async Task HubStarting_LeavesTheWorkersOfLiveHubsAlone()
    {
        var database = await SharedPostgres.NewDatabaseAsync();
        await using var b = await TestHub.StartAsync(postgres: database);
        await b.SeedAsync("t1");
        await using var onB = await RawSocket.HelloAsync(b.SocketUrl, "w1");
        var claimed = await onB.RequestAsync("""{"type":"claim","id":2,"wait":false}""");
        Assert.Equal("task.assigned", claimed.GetProperty("type").GetString());

        // A third hub with no grace at all: had it taken w1 for an orphan, it would release its task at once.
        var logsC = new LogSink();
        await using var c = await TestHub.StartAsync(grace: TimeSpan.Zero, logs: logsC, postgres: database);

        // Orphans are adopted before StartAsync returns, each logged (2301): none was.
        Assert.DoesNotContain(logsC.Entries, e => e.EventId is 2301 or 2102);
        Assert.Equal(TaskState.Leased, (await ShowAsync(c, "t1")).State);
        Assert.True(await ConnectedAsync(c, "w1"));
    }

    [Fact]
    public async Task WorkersOfAHubThatIsGone_AreReleasedByAnotherAfterTheGrace()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await SharedPostgres.NewDatabaseAsync();
        var logsB = new LogSink();
        var a = await TestHub.StartAsync(postgres: database);
        await using var b = await TestHub.StartAsync(grace: ShortGrace, logs: logsB, postgres: database, presenceInterval: TimeSpan.FromMilliseconds(100));
        await a.SeedAsync("t1");
        var onA = await RawSocket.HelloAsync(a.SocketUrl, "w1");
        var claimed = await onA.RequestAsync("""{"type":"claim","id":2,"wait":false}""");
        Assert.Equal("task.assigned", claimed.GetProperty("type").GetString());

        // A stops while w1 is connected (and so leaves it marked connected through A) and takes itself off the hubs' list.
        await a.DisposeAsync();
        await onA.DisposeAsync();

        // B's next look finds w1 held by no live hub, waits the grace, and releases its task.
        await Poll.UntilAsync(() => Task.FromResult(logsB.Entries.Any(e => e.EventId == 2102)));
        Assert.Contains(logsB.Entries, e => e.EventId == 2301 && e.Message.Contains("w1", StringComparison.Ordinal));
        Assert.Equal(TaskState.Ready, (await ShowAsync(b, "t1")).State);
        Assert.False(await ConnectedAsync(b, "w1"));
    }

    [Fact]
    public async Task ClientGivenBothHubs_MovesWhenItsHubStops_AndKeepsItsLease()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await SharedPostgres.NewDatabaseAsync();
        var a = await TestHub.StartAsync(grace: TimeSpan.FromSeconds(60), postgres: database);
        await using var b = await TestHub.StartAsync(grace: ShortGrace, postgres: database, presenceInterval: TimeSpan.FromMilliseconds(100));
        await a.SeedAsync("t1");
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = a.Url,
            FallbackServers = [b.Url],
            Token = a.Token,
            Worker = new WorkerId("w1"),
            AutoHeartbeat = false,
        }, ct);
        Assert.True(connected.IsOk, connected.Error?.Message);
        await using var client = connected.Value;
        var claim = await client.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1") }, ct);
        Assert.True(claim.IsOk, claim.Error?.Message);

        await a.DisposeAsync();
        await Poll.UntilAsync(() => Task.FromResult(client.State == BatonConnectionState.Connected && client.CurrentServer == b.Url));

        // B may have taken w1 for an orphan of A (gone) before its hello there: the hello ends that grace, and the lease holds.
        var beat = await client.HeartbeatAsync(new HeartbeatRequest { Worker = new WorkerId("w1") }, ct);
        Assert.True(beat.IsOk, beat.Error?.Message);
        Assert.Equal(claim.Value.Lease.Id, Assert.Single(beat.Value.Renewed).LeaseId);
        var report = await client.ReportAsync(new ReportRequest { TaskId = new TaskId("t1"), Worker = new WorkerId("w1"), Outcome = ReportOutcome.Done, Summary = "done" }, ct);
        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal(TaskState.Done, report.Value.Task.State);
    }

    private static async Task<TaskItem> ShowAsync(TestHub hub, string id)
    {
        await using var store = await Baton.Hub.Stores.StoreOpener.OpenAsync(hub.Target, new(), TestContext.Current.CancellationToken);
        return (await store.ShowTaskAsync(new TaskId(id), TestContext.Current.CancellationToken)).Value.Task;
    }

    private static async Task<bool> ConnectedAsync(TestHub hub, string worker)
    {
        await using var store = await Baton.Hub.Stores.StoreOpener.OpenAsync(hub.Target, new(), TestContext.Current.CancellationToken);
        return (await store.ListWorkersAsync(TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken)).Single(w => w.Name.Value == worker).Connected;
    }
}
