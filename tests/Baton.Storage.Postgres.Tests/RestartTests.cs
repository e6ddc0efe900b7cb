using System.Collections.Concurrent;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Storage.Postgres.Tests.Support;

namespace Baton.Storage.Postgres.Tests;

/// <summary>PostgreSQL stopped and started under a running store (a server of the test's own): writes wait for it and
/// complete, nothing acknowledged is lost, reads and the change feed come back.</summary>
public sealed class RestartTests(SharedPostgres postgres) : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private readonly TempDirectory _root = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restart_MidRun_WritesWaitAndComplete_AndEveryAcknowledgedReportIsKept_Invariant2(bool syncInBackground)
    {
        postgres.Require();
        await using var server = await PostgresServer.StartNewAsync(fsync: true, Ct);
        var database = await server.CreateDatabaseAsync(Ct);
        var log = new LogSink();
        await using var store = await Stores.OpenAsync(server, database, _root.Path, syncInBackground: syncInBackground,
            logger: log.CreateLogger("Baton.Storage.Postgres"));
        await using var other = await Stores.OpenAsync(server, database, _root.Path);
        const int taskCount = 300;
        Assert.True((await store.ImportAsync([.. Enumerable.Range(0, taskCount).Select(i => Specs.Task($"t{i:D3}"))], "p", [], Now, Ct)).IsOk);

        // Four workers claim and report (report --next), each report with an idempotency key; a report whose outcome
        // the store could not learn (its connection broke during the commit) is sent again with the same key, as a client
        // would. A report counts as acknowledged once the store answered it.
        var acknowledged = new ConcurrentDictionary<string, long>();
        var reported = 0;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task WorkAsync(string worker)
        {
            var claim = await store.ClaimAsync(new ClaimRequest { Worker = new WorkerId(worker) }, Lease, Now, Ct);
            while (claim.IsOk)
            {
                var report = new ReportRequest
                {
                    TaskId = claim.Value.Task.Id,
                    Worker = new WorkerId(worker),
                    LeaseId = claim.Value.Lease.Id,
                    Outcome = ReportOutcome.Done,
                    Summary = "done",
                    IdempotencyKey = "k-" + claim.Value.Task.Id.Value,
                };
                Result<ReportResult> result;
                while (true)
                {
                    try
                    {
                        result = await store.ReportAndClaimAsync(report, new ClaimRequest { Worker = new WorkerId(worker) }, Lease, Now, Ct);
                        break;
                    }
                    catch (PostgresStoreException)
                    {
                        // Outcome unknown: ask again; the key makes a second application impossible.
                    }
                }
                Assert.True(result.IsOk, result.Error?.Message);
                acknowledged[report.TaskId.Value] = result.Value.Report.Id;
                if (Interlocked.Increment(ref reported) == taskCount / 3)
                {
                    halfway.TrySetResult();
                }
                claim = result.Value.Next is { } next ? next : Result<Assignment>.Fail(ErrorCode.NoTask, result.Value.NoNext ?? "none");
            }
        }
        var workers = Enumerable.Range(0, 4).Select(i => Task.Run(() => WorkAsync($"w{i}"), Ct)).ToList();
        await halfway.Task.WaitAsync(TestTimeouts.Default, Ct);

        await server.StopAsync();
        // A write made while the server is down waits for it.
        var duringOutage = store.ImportAsync([Specs.Task("late")], null, [], Now, Ct);
        Assert.False(duringOutage.IsCompleted);
        await server.StartAsync(Ct);

        Assert.True((await duringOutage.WaitAsync(TestTimeouts.Default, Ct)).IsOk);
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(120), Ct);
        // A read finds the pool's connections from before the restart dead, and runs again on a new one.
        var status = await store.StatusAsync(Now, Ct);

        // The writer lost its connection and made a new one (the outage reached it, not only idle connections).
        Assert.True(store.Reconnects >= 1, $"the writer reconnected {store.Reconnects} times");
        // And said so: the writer lost its connection (2800) and was connected again (2801), nothing failed (2802, 2803).
        Assert.True(log.Has(2800) && log.Has(2801), string.Join("\n", log.Entries));
        Assert.False(log.Has(2802) || log.Has(2803) || log.Has(2808), string.Join("\n", log.Entries));
        // A flusher that lost its connection (2806) flushed again on a new one (2807).
        Assert.True(!log.Has(2806) || log.Has(2807), string.Join("\n", log.Entries));
        Assert.Contains(log.Entries, e => e.EventId == 2800 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains(database, StringComparison.Ordinal));
        // The task imported during the outage was done too.
        Assert.Equal(taskCount + 1, acknowledged.Count);
        Assert.Equal((taskCount + 1, taskCount + 1), (status.Done, status.Total));
        foreach (var (task, reportId) in acknowledged)
        {
            var detail = (await other.ShowTaskAsync(new TaskId(task), Ct)).Value;
            Assert.Equal(TaskState.Done, detail.Task.State);
            Assert.Equal(reportId, Assert.Single(detail.Reports).Id);
        }
    }

    [Fact]
    public async Task Restart_TheChangeFeedListensAgain_AndSaysSo()
    {
        postgres.Require();
        await using var server = await PostgresServer.StartNewAsync(fsync: false, Ct);
        var database = await server.CreateDatabaseAsync(Ct);
        await using var a = await Stores.OpenAsync(server, database, _root.Path);
        var log = new LogSink();
        await using var b = await Stores.OpenAsync(server, database, _root.Path, logger: log.CreateLogger("Baton.Storage.Postgres"));
        var first = b.Changes.Next;
        await b.Feed.Listening.WaitAsync(TestTimeouts.Default, Ct);
        await first.WaitAsync(TestTimeouts.Default, Ct);

        var meanwhile = b.Changes.Next;
        await server.StopAsync();
        await server.StartAsync(Ct);

        // Notifications sent while it was away are lost: once it listens again, the feed wakes its waiters to look.
        await meanwhile.WaitAsync(TestTimeouts.Default, Ct);
        await PollAsync(() => b.Feed.Connects >= 2);
        // The feed said it lost its connection (2804) and listens again (2805).
        await PollAsync(() => log.Has(2805));
        Assert.True(log.Has(2804), string.Join("\n", log.Entries));
        // And A's commits reach B's waiters again.
        var next = b.Changes.Next;
        Assert.True((await a.ImportAsync([Specs.Task("x")], null, [], Now, Ct)).IsOk);
        await next.WaitAsync(TestTimeouts.Default, Ct);
    }

    // Polls a condition no event announces, with a generous deadline.
    private static async Task PollAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TestTimeouts.Default);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }
}
