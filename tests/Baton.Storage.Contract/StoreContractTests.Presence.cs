using Baton.Core.Tasks;

namespace Baton.Storage.Contract;

// Worker presence as hubs record it: a connection opened and closed, the release after the grace, orphans; and, on a store
// that several hubs serve, which hub holds each worker (a close from another hub, or a release after another hub's grace,
// leaves a worker that moved alone).
public abstract partial class StoreContractTests
{
    private static readonly HubId HubA = new("hub-a");
    private static readonly HubId HubB = new("hub-b");
    private static readonly TimeSpan HubTimeout = TimeSpan.FromSeconds(10);

    private const string SeveralHubsOnly = "this store serves one hub at a time (its hub lock); presence across hubs does not apply";

    private Task BeatAsync(HubId hub) => Store.BeatHubAsync(new HubBeat { Id = hub, StartedAt = Now }, Now, TestContext.Current.CancellationToken);

    private Task<Baton.Core.Workers.WorkerInfo> ConnectAsync(string worker, HubId hub)
        => Store.ConnectWorkerAsync(new WorkerPresence { Worker = new WorkerId(worker) }, hub, Now, TestContext.Current.CancellationToken);

    private async Task<bool> ConnectedAsync(string worker)
        => (await Store.ListWorkersAsync(Now, TestContext.Current.CancellationToken)).Single(w => w.Name.Value == worker).Connected;

    private Task<LostWorker> ReleaseLostAsync(string worker, HubId hub)
        => Store.ReleaseLostWorkerAsync(new WorkerId(worker), hub, "the worker's connection was lost", Now - HubTimeout, Now, TestContext.Current.CancellationToken);

    private async Task<IReadOnlyList<string>> OrphansAsync(HubId hub)
        => [.. (await Store.OrphanedWorkersAsync(hub, Now - HubTimeout, Now, TestContext.Current.CancellationToken)).Select(w => w.Value)];

    [Fact]
    public async Task ConnectWorker_ThenDisconnectFromTheSameHub_MarksItConnectedThenNot()
    {
        await BeatAsync(HubA);
        await ConnectAsync("w1", HubA);
        Assert.True(await ConnectedAsync("w1"));

        await Store.DisconnectWorkerAsync(new WorkerId("w1"), HubA, Now, TestContext.Current.CancellationToken);

        Assert.False(await ConnectedAsync("w1"));
    }

    [Fact]
    public async Task ReleaseLostWorker_ConnectedThroughAHubThatIsGone_ReleasesItsLeasesAndMarksItDisconnected()
    {
        await ImportAsync(Specs.Task("t1"));
        await BeatAsync(HubA);
        await ConnectAsync("w1", HubA);
        Assert.True((await ClaimAsync("w1")).IsOk);
        Time.Advance(HubTimeout + TimeSpan.FromSeconds(1));
        await BeatAsync(HubB);
        Assert.Equal(["w1"], await OrphansAsync(HubB));

        var lost = await ReleaseLostAsync("w1", HubB);

        Assert.Null(lost.MovedTo);
        Assert.Equal([new TaskId("t1")], lost.Released);
        Assert.Equal(TaskState.Ready, await StateOf("t1"));
        Assert.False(await ConnectedAsync("w1"));
        Assert.Empty(await OrphansAsync(HubB));
    }

    [Fact]
    public async Task DisconnectWorker_FromAHubThatNoLongerHoldsIt_ChangesNothing()
    {
        Assert.SkipUnless(Store.ServesSeveralHubs, SeveralHubsOnly);
        await BeatAsync(HubA);
        await BeatAsync(HubB);
        await ConnectAsync("w1", HubA);
        await ConnectAsync("w1", HubB);
        var events = await Store.LastEventIdAsync(TestContext.Current.CancellationToken);

        // A's close arrives after the worker said hello on B (failover faster than A noticed the drop).
        await Store.DisconnectWorkerAsync(new WorkerId("w1"), HubA, Now, TestContext.Current.CancellationToken);

        Assert.True(await ConnectedAsync("w1"));
        Assert.Equal(events, await Store.LastEventIdAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReleaseLostWorker_NowConnectedThroughAnotherLiveHub_KeepsItsLeases()
    {
        Assert.SkipUnless(Store.ServesSeveralHubs, SeveralHubsOnly);
        await ImportAsync(Specs.Task("t1"));
        await BeatAsync(HubA);
        await BeatAsync(HubB);
        await ConnectAsync("w1", HubA);
        var claim = await ClaimAsync("w1");
        Assert.True(claim.IsOk, claim.Error?.Message);
        await Store.DisconnectWorkerAsync(new WorkerId("w1"), HubA, Now, TestContext.Current.CancellationToken);
        await ConnectAsync("w1", HubB);

        // A's grace ends: the worker is B's now.
        var lost = await ReleaseLostAsync("w1", HubA);

        Assert.Equal(HubB, lost.MovedTo);
        Assert.Empty(lost.Released);
        var task = (await Store.ShowTaskAsync(new TaskId("t1"), TestContext.Current.CancellationToken)).Value.Task;
        Assert.Equal(TaskState.Leased, task.State);
        Assert.Equal(claim.Value.Lease.Id, task.CurrentLease!.Id);
        Assert.True(await ConnectedAsync("w1"));
    }

    [Fact]
    public async Task OrphanedWorkers_OfALiveHub_AreNone_UntilItIsSilentOrEnds()
    {
        Assert.SkipUnless(Store.ServesSeveralHubs, SeveralHubsOnly);
        await BeatAsync(HubA);
        await BeatAsync(HubB);
        await ConnectAsync("w1", HubA);
        await ConnectAsync("w2", HubB);

        // B starting (or looking again) leaves A's worker alone, and its own.
        Assert.Empty(await OrphansAsync(HubB));
        Assert.Empty(await OrphansAsync(new HubId("hub-c")));

        // A ends cleanly: its workers are orphans for the others at once.
        await Store.EndHubAsync(HubA, TestContext.Current.CancellationToken);
        Assert.Equal(["w1"], await OrphansAsync(HubB));

        // B falls silent: its worker too, for a third hub, once B has not been heard for the timeout.
        Time.Advance(HubTimeout - TimeSpan.FromSeconds(1));
        Assert.Equal(["w1"], await OrphansAsync(new HubId("hub-c")));
        Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["w1", "w2"], await OrphansAsync(new HubId("hub-c")));
    }
}
