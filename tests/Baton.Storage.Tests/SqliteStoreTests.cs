using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Service;
using Baton.Storage.Sqlite;
using Baton.Storage.Tests.Support;

namespace Baton.Storage.Tests;

public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly TempDirectory _dir = new();

    protected override async Task<IBatonStore> CreateStoreAsync()
        => await SqliteStore.OpenAsync(new SqliteStoreOptions
        {
            DatabasePath = Path.Combine(_dir.Path, ".baton", "baton.db"),
            CreateIfMissing = true,
        }, TestContext.Current.CancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void RepositoryRoot_IsParentOfBatonFolder()
        => Assert.Equal(_dir.Path, Store.RepositoryRoot);

    [Fact]
    public async Task Open_MissingFileWithoutCreate_Throws()
        => await Assert.ThrowsAsync<FileNotFoundException>(() => SqliteStore.OpenAsync(
            new SqliteStoreOptions { DatabasePath = Path.Combine(_dir.Path, "nope.db") }, TestContext.Current.CancellationToken));

    [Fact]
    public async Task OfferClaim_ThatThrowsHalfWay_LeavesNoHalfClaim_AndTheBatchStillCommits()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = (SqliteStore)Store;
        // The claim fails after it has leased the task row: its attempt cannot be written. A standing claim
        // runs with no savepoint of its own, so only running the batch again isolated can undo half of it.
        await store.WriteAsync(scope =>
        {
            scope.Exec("CREATE TRIGGER no_attempts BEFORE INSERT ON attempts BEGIN SELECT RAISE(ABORT, 'no attempts today'); END");
            return 0;
        }, ct);
        var offer = Store.OfferClaim(new ClaimRequest { Worker = new WorkerId("w1") }, TimeSpan.FromMinutes(10), Time);
        Assert.NotNull(offer);

        await ImportAsync(Specs.Task("a"));

        Assert.False(offer.IsSettled);
        var a = (await Store.ShowTaskAsync(new TaskId("a"), ct)).Value;
        Assert.Equal(TaskState.Ready, a.Task.State);
        Assert.Null(a.Task.CurrentLease);
        Assert.Equal(0, a.Task.Attempts);
        Assert.Empty(a.Attempts);

        // Still open: the next commit that changes a row leases the task to it.
        await store.WriteAsync(scope =>
        {
            scope.Exec("DROP TRIGGER no_attempts");
            scope.Exec("INSERT INTO meta(key, value) VALUES ('test-offer', 'a row changed')");
            return 0;
        }, ct);
        var leased = await offer.Settled.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal("a", leased?.Task.Id.Value);
        Assert.Equal(TaskState.Leased, (await Store.ShowTaskAsync(new TaskId("a"), ct)).Value.Task.State);
    }

    [Fact]
    public async Task AWrite_IsNeverAnsweredOnTheWriterThread()
    {
        var answeredOn = await AnsweringThread.OfAWriteAsync((SqliteStore)Store, TestContext.Current.CancellationToken);
        Assert.NotEqual("baton-writer", answeredOn);
    }

    [Fact]
    public async Task SharedBatch_AWriteThatThrowsOrUndoes_TakesBackItselfAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = (SqliteStore)Store;
        // The writer is held, so the next four writes queue up and share one transaction.
        await using var hold = WriterHold.Start(store, ct);
        var kept = store.WriteAsync(scope => scope.Exec("INSERT INTO meta(key, value) VALUES ('test-kept', '1')"), ct);
        var thrown = store.WriteAsync<int>(scope =>
        {
            scope.Exec("INSERT INTO meta(key, value) VALUES ('test-thrown', '1')");
            throw new InvalidOperationException("this write is broken");
        }, ct);
        var undone = store.WriteAsync(scope =>
        {
            scope.Exec("INSERT INTO meta(key, value) VALUES ('test-undone', '1')");
            scope.Rollback();
            return 7;
        }, ct);
        var last = store.WriteAsync(scope => scope.Exec("INSERT INTO meta(key, value) VALUES ('test-last', '1')"), ct);
        await hold.ReleaseAsync();

        Assert.Equal(1, await kept);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => thrown);
        Assert.Equal("this write is broken", error.Message);
        Assert.Equal(7, await undone);
        Assert.Equal(1, await last);
        var keys = await store.WriteAsync(scope =>
        {
            var found = new List<string>();
            using var rows = scope.Query("SELECT key FROM meta WHERE key LIKE 'test-%' ORDER BY key");
            while (rows.Read())
            {
                found.Add(rows.GetString(0));
            }
            return found;
        }, ct);
        Assert.Equal(["test-kept", "test-last"], keys);
    }

    [Fact]
    public async Task BackgroundCheckpoints_UnderSteadyWrites_KeepTheWalBounded()
    {
        var path = Path.Combine(_dir.Path, "steady", ".baton", "baton.db");
        var ct = TestContext.Current.CancellationToken;
        await using var store = await SqliteStore.OpenAsync(
            new SqliteStoreOptions { DatabasePath = path, CreateIfMissing = true, CheckpointInBackground = true, WatchForChanges = false }, ct);
        var now = Time.GetUtcNow();
        var largest = 0L;
        // About 10 WAL frames per import: 1,500 imports are some 60 MB of WAL if it never starts over.
        for (var i = 0; i < 1500; i++)
        {
            var imported = await store.ImportAsync([Specs.Task("t" + i)], null, [], now, ct);
            Assert.True(imported.IsOk, imported.Error?.Message);
            largest = Math.Max(largest, new FileInfo(path + "-wal").Length);
        }
        // The restart threshold is 1,000 frames (about 4 MB); what lands while a checkpoint copies comes on top.
        Assert.True(largest < 24L << 20, $"the WAL grew to {largest >> 20} MiB");
    }

    [Theory]
    [InlineData(true, false)] // a file event, then the writer's data_version check
    [InlineData(false, true)] // the data_version poll alone, as the hub runs
    public async Task CommitByAnotherConnection_WakesThisStoresWaiters(bool watch, bool poll)
    {
        var path = Path.Combine(_dir.Path, "shared", ".baton", "baton.db");
        var ct = TestContext.Current.CancellationToken;
        await using var watching = await SqliteStore.OpenAsync(new SqliteStoreOptions
        {
            DatabasePath = path,
            CreateIfMissing = true,
            WatchForChanges = watch,
            ExternalCommitPoll = poll ? TimeSpan.FromMilliseconds(25) : null,
        }, ct);
        var woken = watching.Changes.Next;

        await using (var other = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path, WatchForChanges = false }, ct))
        {
            Assert.True((await other.ImportAsync([Specs.Task("from-elsewhere")], null, [], Time.GetUtcNow(), ct)).IsOk);
        }

        await woken.WaitAsync(TestTimeouts.Default, ct);
        Assert.Equal(1, await watching.CountReadyAsync(10, Time.GetUtcNow(), ct));
    }

    [Fact]
    public async Task WatchingStore_WhoseOwnerNeverWaits_NeitherWatchesNorChecks()
    {
        var path = Path.Combine(_dir.Path, "quiet", ".baton", "baton.db");
        var ct = TestContext.Current.CancellationToken;
        await using var quiet = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path, CreateIfMissing = true, WatchForChanges = true }, ct);
        await using var api = new LocalBaton(quiet, Time);
        await using (var other = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path, WatchForChanges = false }, ct))
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.True((await other.ImportAsync([Specs.Task("t" + i)], null, [], Time.GetUtcNow(), ct)).IsOk);
            }
        }

        // A claim that does not wait (and a report) are not waiters either.
        var claimed = await api.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1") }, ct);
        Assert.True(claimed.IsOk, claimed.IsOk ? null : claimed.Error.Message);
        Assert.True((await api.ReportAsync(new ReportRequest { TaskId = claimed.Value.Task.Id, Worker = new WorkerId("w1"), Outcome = ReportOutcome.Done, Summary = "ok" }, ct)).IsOk);

        Assert.False(quiet.FileWatched);
        Assert.Equal(0, quiet.ExternalChecks);
    }

    [Fact]
    public async Task FirstWaiter_AfterAnotherConnectionCommitted_IsWokenAndTheFileWatchedFromThenOn()
    {
        var path = Path.Combine(_dir.Path, "late", ".baton", "baton.db");
        var ct = TestContext.Current.CancellationToken;
        await using var watching = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path, CreateIfMissing = true, WatchForChanges = true }, ct);
        await using var other = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path, WatchForChanges = false }, ct);
        Assert.True((await other.ImportAsync([Specs.Task("before-any-wait")], null, [], Time.GetUtcNow(), ct)).IsOk);

        // Nobody watched when that commit landed: the first waiter has the check made, which finds it.
        await watching.Changes.Next.WaitAsync(TestTimeouts.Default, ct);
        Assert.True(watching.FileWatched);
        Assert.True(watching.ExternalChecks >= 1);

        // From then on the file is watched: the next commit elsewhere wakes the next waiter.
        var woken = watching.Changes.Next;
        Assert.True((await other.ImportAsync([Specs.Task("after")], null, [], Time.GetUtcNow(), ct)).IsOk);
        await woken.WaitAsync(TestTimeouts.Default, ct);
        Assert.Equal(2, await watching.CountReadyAsync(10, Time.GetUtcNow(), ct));
    }
}
