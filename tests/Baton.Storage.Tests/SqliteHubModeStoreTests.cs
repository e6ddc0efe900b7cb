using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Storage.Sqlite;
using Baton.Storage.Tests.Support;

namespace Baton.Storage.Tests;

/// <summary>The store contract again, with the store opened as the hub opens it: checkpoints on their own
/// connection and each commit flushed by the sync thread (synchronous=NORMAL plus a WAL flush before the ack).</summary>
public sealed class SqliteHubModeStoreTests : StoreContractTests
{
    private readonly TempDirectory _dir = new();

    private string DatabasePath => Path.Combine(_dir.Path, ".baton", "baton.db");

    protected override async Task<IBatonStore> CreateStoreAsync()
        => await OpenAsync(DatabasePath);

    private static Task<SqliteStore> OpenAsync(string path) => HubModeStore.OpenAsync(path);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task AWrite_IsAnsweredOnThePool_NeverOnTheSyncThread()
    {
        // Caller code on the sync thread could wait for another write, whose flush would wait for that very thread.
        var answeredOn = await AnsweringThread.OfAWriteAsync((SqliteStore)Store, TestContext.Current.CancellationToken);
        Assert.NotEqual("baton-sync", answeredOn);
        Assert.NotEqual("baton-writer", answeredOn);
    }

    [Fact]
    public async Task ALoneWrite_RunsOnItsCallersThread_AndIsOnDiskWhenAnswered()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_dir.Path, "alone", ".baton", "baton.db");
        await using (var store = await OpenAsync(path))
        {
            var caller = Environment.CurrentManagedThreadId;
            // Nothing else in flight, the writer and the sync thread idle: no hop to either of them.
            var ranOn = await store.WriteAsync(scope =>
            {
                scope.Exec("INSERT INTO meta(key, value) VALUES ('test-alone', 'kept')");
                return Environment.CurrentManagedThreadId;
            }, ct);
            Assert.Equal(caller, ranOn);
        }
        await using var reopened = await OpenAsync(path);
        var kept = await reopened.WriteAsync(scope => scope.Scalar("SELECT value FROM meta WHERE key = 'test-alone'"), ct);
        Assert.Equal("kept", kept);
    }

    [Fact]
    public async Task AWrite_WhileAnotherIsInFlight_TakesTheQueueToTheWriterThread()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = (SqliteStore)Store;
        Task<string?> write;
        await using (var hold = WriterHold.Start(store, ct))
        {
            write = store.WriteAsync(_ => Thread.CurrentThread.Name, ct);
            Assert.False(write.IsCompleted);
        }
        Assert.Equal("baton-writer", await write);
    }

    [Fact]
    public async Task AWrite_AloneInABusySpell_TakesTheQueue()
    {
        // Eight workers' pace, as the gauge would have measured it: arrivals a quarter of a millisecond
        // apart, each answered after two. A write that then finds none other in flight still takes the
        // queue: at that pace, the writes arriving during its flush would each commit without it.
        var ct = TestContext.Current.CancellationToken;
        var store = (SqliteStore)Store;
        var quarter = System.Diagnostics.Stopwatch.Frequency / 4000;
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 50; i > 0; i--)
        {
            store.Arrivals.Arrived(now - (i * quarter));
            store.Arrivals.Answered(8 * quarter);
        }
        var ranOn = await store.WriteAsync(_ => Thread.CurrentThread.Name, ct);
        Assert.Equal("baton-writer", ranOn);
    }

    [Fact]
    public async Task ConcurrentReportsAndClaims_AllAcknowledged_AreThereAfterReopening()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_dir.Path, "reopen", ".baton", "baton.db");
        const int Tasks = 400;
        const int Workers = 8;
        var done = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using (var store = await OpenAsync(path))
        {
            var imported = await store.ImportAsync([.. Enumerable.Range(0, Tasks).Select(i => Specs.Task("t" + i))], null, [], Time.GetUtcNow(), ct);
            Assert.True(imported.IsOk, imported.Error?.Message);
            // Many writers at once: their transitions share commits, and flushes overlap the next batch.
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
            {
                var worker = new WorkerId("w" + w);
                while (true)
                {
                    var claim = await store.ClaimAsync(new ClaimRequest { Worker = worker }, TimeSpan.FromMinutes(10), Time.GetUtcNow(), ct);
                    if (!claim.IsOk)
                    {
                        return;
                    }
                    var report = await store.ReportAsync(new ReportRequest
                    {
                        TaskId = claim.Value.Task.Id,
                        Worker = worker,
                        Outcome = ReportOutcome.Done,
                        Summary = "ok",
                    }, Time.GetUtcNow(), ct);
                    Assert.True(report.IsOk, report.Error?.Message);
                    done.Add(claim.Value.Task.Id.Value);
                }
            }, ct)));
        }

        Assert.Equal(Tasks, done.Distinct().Count());
        await using var reopened = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path, WatchForChanges = false }, ct);
        var tasks = await reopened.ListTasksAsync(TaskQuery.All, Time.GetUtcNow(), ct);
        Assert.Equal(Tasks, tasks.Count(t => t.State == TaskState.Done));
    }
}
