using System.Collections.Concurrent;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Tasks;
using Baton.Storage.Postgres.Tests.Support;

namespace Baton.Storage.Postgres.Tests;

/// <summary>Two store objects on one database, as two hubs (or a hub and a CLI) share one: every write of either takes
/// Baton's advisory lock, and each learns of the other's commits through LISTEN/NOTIFY.</summary>
public sealed class SharedDatabaseTests(SharedPostgres postgres) : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private readonly TempDirectory _root = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    public void Dispose() => _root.Dispose();

    private async Task<(PostgresStore A, PostgresStore B)> OpenTwoAsync()
    {
        var server = postgres.Require();
        var database = await server.CreateDatabaseAsync(Ct);
        var a = await Stores.OpenAsync(server, database, _root.Path);
        return (a, await Stores.OpenAsync(server, database, _root.Path));
    }

    [Fact]
    public async Task Claim_SixteenWorkersOnTwoStores_LeaseEachTaskOnce_AndTheOtherStoreReadsEveryEventInOrder_Invariant3()
    {
        var (a, b) = await OpenTwoAsync();
        await using var _ = a;
        await using var __ = b;
        const int taskCount = 400;
        Assert.True((await a.ImportAsync([.. Enumerable.Range(0, taskCount).Select(i => Specs.Task($"t{i:D4}"))], "p", [], Now, Ct)).IsOk);

        // A subscriber on B: reads what follows the last id it saw whenever B's feed says something changed (B writes
        // too, so its own commits wake it directly; A's reach it by NOTIFY). An event committed after one with a bigger
        // id would be skipped, and missing from what it saw at the end.
        using var stop = new CancellationTokenSource();
        var seen = new List<long>();
        var subscriber = Task.Run(async () =>
        {
            long last = 0;
            while (true)
            {
                var changed = b.Changes.Next;
                var stopping = stop.IsCancellationRequested;
                var events = await b.ReadEventsAsync(last, 1000, Ct);
                foreach (var e in events)
                {
                    seen.Add(e.Id);
                    last = e.Id;
                }
                if (events.Count > 0)
                {
                    continue;
                }
                if (stopping)
                {
                    return;
                }
                await Task.WhenAny(changed, Task.Delay(Timeout.Infinite, stop.Token)).WaitAsync(TestTimeouts.Default, Ct);
            }
        }, Ct);

        var claims = new ConcurrentBag<(string Task, string Worker)>();
        async Task WorkAsync(IBatonStore store, string worker, bool next)
        {
            var claim = await store.ClaimAsync(new ClaimRequest { Worker = new WorkerId(worker) }, Lease, Now, Ct);
            while (claim.IsOk)
            {
                var task = claim.Value.Task.Id;
                claims.Add((task.Value, worker));
                var report = new ReportRequest
                {
                    TaskId = task,
                    Worker = new WorkerId(worker),
                    LeaseId = claim.Value.Lease.Id,
                    Outcome = ReportOutcome.Done,
                    Summary = "done",
                };
                if (next)
                {
                    var reported = await store.ReportAndClaimAsync(report, new ClaimRequest { Worker = new WorkerId(worker) }, Lease, Now, Ct);
                    Assert.True(reported.IsOk, reported.Error?.Message);
                    claim = reported.Value.Next is { } assigned ? assigned : Result<Assignment>.Fail(ErrorCode.NoTask, reported.Value.NoNext ?? "none");
                }
                else
                {
                    var reported = await store.ReportAsync(report, Now, Ct);
                    Assert.True(reported.IsOk, reported.Error?.Message);
                    claim = await store.ClaimAsync(new ClaimRequest { Worker = new WorkerId(worker) }, Lease, Now, Ct);
                }
            }
            Assert.Equal(ErrorCode.NoTask, claim.Error?.Code);
        }
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => WorkAsync(i % 2 == 0 ? a : b, $"w{i}", next: i % 4 < 2), Ct)));
        await stop.CancelAsync();
        await subscriber.WaitAsync(TestTimeouts.Default, Ct);

        // Each task was leased once, to one worker, and is done.
        Assert.Equal(taskCount, claims.Count);
        Assert.Equal(taskCount, claims.Select(c => c.Task).Distinct().Count());
        var tasks = await b.ListTasksAsync(TaskQuery.All, Now, Ct);
        Assert.All(tasks, t => Assert.Equal(TaskState.Done, t.State));
        var all = await a.ReadEventsAsync(0, 10_000, Ct);
        Assert.Equal(taskCount, all.Count(e => e.Type == EventTypes.TaskClaimed));
        Assert.Equal(taskCount, all.Where(e => e.Type == EventTypes.TaskClaimed).Select(e => e.TaskId).Distinct().Count());
        // The subscriber on B saw every event, once each, in id order.
        Assert.Equal(all.Select(e => e.Id), seen);
    }

    [Fact]
    public async Task Changes_AnImportThroughA_WakesAWaiterOnB()
    {
        var (a, b) = await OpenTwoAsync();
        await using var _ = a;
        await using var __ = b;
        // The first waiter starts B's listener, which notifies once it listens (a commit before then sent it nothing).
        var first = b.Changes.Next;
        await b.Feed.Listening.WaitAsync(TestTimeouts.Default, Ct);
        await first.WaitAsync(TestTimeouts.Default, Ct);
        var next = b.Changes.Next;
        Assert.False(next.IsCompleted);

        Assert.True((await a.ImportAsync([Specs.Task("x")], null, [], Now, Ct)).IsOk);

        // B committed nothing: only A's NOTIFY, delivered at its commit, can complete this.
        await next.WaitAsync(TestTimeouts.Default, Ct);
        var claim = await b.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1") }, Lease, Now, Ct);
        Assert.Equal("x", claim.Value.Task.Id.Value);
        Assert.Equal(1, b.Feed.Connects);
    }

    [Fact]
    public async Task Changes_OfAStoreThatNeverWaits_OpenNoListeningConnection()
    {
        var (a, b) = await OpenTwoAsync();
        await using var _ = a;
        await using var __ = b;

        Assert.True((await a.ImportAsync([Specs.Task("x")], null, [], Now, Ct)).IsOk);
        Assert.True((await b.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1") }, Lease, Now, Ct)).IsOk);

        // A one-shot CLI call: it writes and reads, and never pays for a second connection.
        Assert.False(a.Feed.Started);
        Assert.False(b.Feed.Started);
    }

    [Fact]
    public async Task ExpireLeases_OnTwoStoresAtOnce_ReturnsEachLapsedLeaseOnce()
    {
        var (a, b) = await OpenTwoAsync();
        await using var _ = a;
        await using var __ = b;
        var start = Now;
        Assert.True((await a.ImportAsync([.. Enumerable.Range(0, 20).Select(i => Specs.Task($"t{i}"))], null, [], start, Ct)).IsOk);
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await a.ClaimAsync(new ClaimRequest { Worker = new WorkerId($"w{i}"), Lease = TimeSpan.FromSeconds(5) }, Lease, start, Ct)).IsOk);
        }

        // Both hubs' sweepers wake for the same expiry: whichever takes the lock first returns them, the other finds none.
        var later = start.AddSeconds(6);
        var expired = await Task.WhenAll(a.ExpireLeasesAsync(later, Ct), b.ExpireLeasesAsync(later, Ct));

        Assert.Equal(20, expired[0].Count + expired[1].Count);
        Assert.Empty(expired[0].Intersect(expired[1]));
        var events = await b.ReadEventsAsync(0, 10_000, Ct);
        Assert.Equal(20, events.Count(e => e.Type == EventTypes.LeaseExpired));
    }
}
