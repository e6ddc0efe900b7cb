using System.Collections.Concurrent;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Service;
using Baton.Storage.Sqlite;
using Baton.Storage.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Tests;

/// <summary>Several connections on one file behave like several processes: SQLite's lock is the only arbiter.</summary>
public sealed class SqliteConcurrencyTests : IDisposable
{
    private readonly StoreFile _file = new();

    private string DbPath => _file.Path;

    private Task<SqliteStore> OpenAsync(bool create = false) => _file.OpenAsync(create);

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Claim_EightConnectionsRacing_EveryTaskDoneExactlyOnce_Invariant3()
    {
        const int Tasks = 300;
        const int Workers = 8;
        await using (var setup = await OpenAsync(create: true))
        {
            var specs = Enumerable.Range(0, Tasks).Select(i => Specs.Task("t" + i)).ToList();
            Assert.True((await setup.ImportAsync(specs, null, [], TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken)).IsOk);
        }

        var claimed = new ConcurrentBag<(string Task, string Worker)>();
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            await using var store = await OpenAsync();
            var name = new WorkerId("w" + w);
            while (true)
            {
                var claim = await store.ClaimAsync(new ClaimRequest { Worker = name }, TimeSpan.FromMinutes(5), TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);
                if (!claim.IsOk)
                {
                    Assert.Equal(ErrorCode.NoTask, claim.Error.Code);
                    return;
                }
                claimed.Add((claim.Value.Task.Id.Value, name.Value));
                var report = await store.ReportAsync(new ReportRequest { TaskId = claim.Value.Task.Id, Worker = name, Outcome = ReportOutcome.Done, Summary = "ok" },
                    TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);
                Assert.True(report.IsOk, report.Error?.Message);
            }
        }, TestContext.Current.CancellationToken)).ToList();
        await Task.WhenAll(workers).WaitAsync(TestTimeouts.Default * 4, TestContext.Current.CancellationToken);

        Assert.Equal(Tasks, claimed.Count);
        Assert.Equal(Tasks, claimed.Select(c => c.Task).Distinct().Count());
        await using var check = await OpenAsync();
        var status = await check.StatusAsync(TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);
        Assert.True(status.Complete);
        Assert.Equal(Tasks, status.Done);
        Assert.Equal(Tasks, status.Workers.Sum(w => w.Done));
    }

    [Fact]
    public async Task ClaimWait_WakesWhenAnotherConnectionImports()
    {
        await using var waiterStore = await OpenAsync(create: true);
        await using var producer = await OpenAsync();
        var local = new LocalBaton(waiterStore, TimeProvider.System);
        var claim = local.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1"), Wait = TimeSpan.FromMinutes(2) }, TestContext.Current.CancellationToken);
        Assert.False(claim.IsCompleted);

        // Imported through a different connection: only the file watcher can tell the waiter.
        await producer.ImportAsync([Specs.Task("late")], null, [], TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);
        var result = await claim.WaitAsync(TestTimeouts.Default, TestContext.Current.CancellationToken);
        Assert.Equal("late", result.Value.Task.Id.Value);
    }

    [Fact]
    public async Task ClaimWait_TimesOutWithNoTask()
    {
        await using var store = await OpenAsync(create: true);
        var local = new LocalBaton(store, TimeProvider.System);
        var result = await local.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1"), Wait = TimeSpan.FromMilliseconds(100) }, TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.NoTask, result.Error?.Code);
    }

    [Fact]
    public async Task Reopen_AfterCommit_KeepsEverything_Invariant2()
    {
        await using (var store = await OpenAsync(create: true))
        {
            await store.ImportAsync([Specs.Task("a")], null, [], TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);
            await store.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w") }, TimeSpan.FromMinutes(5), TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);
        }
        await using var reopened = await OpenAsync();
        var detail = await reopened.ShowTaskAsync(new TaskId("a"), TestContext.Current.CancellationToken);
        Assert.Equal(TaskState.Leased, detail.Value.Task.State);
        Assert.Equal("w", detail.Value.Task.CurrentLease?.Worker.Value);
    }

    [Fact]
    public async Task HubClaim_WhileAnotherProcessHoldsTheWriteLock_RetriesEvenlyAndLandsOnceItIsFree()
    {
        // The hub's store: its writer waits with BusyWait, not SQLite's backoff.
        await using var store = await HubModeStore.OpenAsync(DbPath);
        await store.ImportAsync([Specs.Task("a")], null, [], TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);
        // Another process's write transaction, as a CLI's commit is while it fsyncs.
        await using var other = new SqliteConnection($"Data Source={DbPath}");
        await other.OpenAsync(TestContext.Current.CancellationToken);
        using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }
        var before = BusyWait.Retries;
        var claim = Task.Run(() => store.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w") }, TimeSpan.FromMinutes(5), TimeProvider.System.GetUtcNow(),
            TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);

        // SQLite's own handler would be sleeping 100 ms between looks by its twelfth retry; this one keeps looking.
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (BusyWait.Retries - before < 50 && waiting.Elapsed < TestTimeouts.Default)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
        Assert.True(BusyWait.Retries - before >= 50, $"the claim retried {BusyWait.Retries - before} times");
        Assert.False(claim.IsCompleted);

        using (var commit = other.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }
        var result = await claim.WaitAsync(TestTimeouts.Default, TestContext.Current.CancellationToken);
        Assert.Equal("a", result.Value.Task.Id.Value);
    }

    [Fact]
    public void BusyWait_RetriesEveryMillisecondAtAnyCountUntilItsTimeout()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1), BusyWait.Pause);
        Assert.True(BusyWait.ShouldRetry(TimeSpan.Zero));
        Assert.True(BusyWait.ShouldRetry(BusyWait.Timeout - TimeSpan.FromMilliseconds(1)));
        Assert.False(BusyWait.ShouldRetry(BusyWait.Timeout));
    }
}
