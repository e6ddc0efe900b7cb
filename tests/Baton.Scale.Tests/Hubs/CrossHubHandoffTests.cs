using Baton.Core.Api;
using Baton.Core.Events;
using Baton.Core.Tasks;
using Baton.Scale.Tests.Support;

namespace Baton.Scale.Tests.Hubs;

/// <summary>
/// A hub learns of changes made through another from PostgreSQL's NOTIFY: a task imported through hub A reaches a worker
/// whose claim already waits at hub B, and hub B's event log has what was done through A.
/// </summary>
public sealed class CrossHubHandoffTests
{
    [Fact]
    public async Task Import_ThroughHubA_ReachesTheWorkerWaitingOnHubB()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await SharedPostgres.RequireAsync();
        var atB = new WaitProbe();
        await using var hubs = await HubSet.StartPostgresAsync(server.Url(await server.CreateDatabaseAsync(ct)), 2, TimeSpan.FromSeconds(15), ct,
            probe: i => i == 1 ? atB : null);
        var coordinator = await hubs.ConnectCoordinatorAsync(0, ct);
        var worker = await hubs.ConnectWorkerAsync("waiter", 1, ct);

        // The claim waits far longer than the test may run: only a wake-up can end it with a task.
        var claim = worker.ClaimAsync(new ClaimRequest { Worker = new WorkerId("waiter"), Wait = TimeSpan.FromHours(1) }, ct);
        await atB.Waiting.WaitAsync(ScaleTimeouts.Step, ct);
        Assert.False(claim.IsCompleted, "the claim ended before any task was added");
        var imported = await coordinator.ImportAsync("""{"tasks":[{"id":"handed-over","title":"imported through hub A"}]}""", ct);
        Assert.True(imported.IsOk, imported.Error?.Message);

        var assigned = await claim.WaitAsync(ScaleTimeouts.Step, ct);
        Assert.True(assigned.IsOk, assigned.Error?.Message);
        Assert.Equal("handed-over", assigned.Value.Task.Id.Value);
        Assert.Equal(hubs.Urls[1], worker.CurrentServer);

        // Event ids are the store's: hub B reads the import made through A, then its own claim after it.
        var events = await worker.ReadEventsAsync(0, 100, TimeSpan.Zero, ct);
        Assert.True(events.IsOk, events.Error?.Message);
        var added = Assert.Single(events.Value, e => e.Type == EventTypes.TaskAdded && e.TaskId == "handed-over");
        var claimed = Assert.Single(events.Value, e => e.Type == EventTypes.TaskClaimed && e.TaskId == "handed-over");
        Assert.True(added.Id < claimed.Id, $"task.added {added.Id} after task.claimed {claimed.Id}");
    }
}
