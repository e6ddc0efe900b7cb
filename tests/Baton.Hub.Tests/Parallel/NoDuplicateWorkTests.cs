using System.Collections.Concurrent;
using System.Globalization;
using Baton.Client;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Hub.Tests.Support;
using Baton.Service;
using Baton.Storage.Sqlite;

namespace Baton.Hub.Tests.Parallel;

/// <summary>
/// Invariant 3 (no duplicate work) under load: many workers race over a few hundred tasks through the hub's
/// WebSocket, and through the hub and local-mode store connections at once. Afterwards the store's own
/// record is the judge: every task done, with exactly one attempt, ended done, by the worker that claimed it;
/// and no claim lost (every claim that returned a task had its report accepted).
/// </summary>
public sealed class NoDuplicateWorkTests
{
    private const int Tasks = 300;

    private static string[] Ids(int count) => Enumerable.Range(1, count).Select(i => "t" + i.ToString("D3", CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public async Task Claim_TwelveHubClientsRacingOverThreeHundredTasks_EachTaskDoneExactlyOnce_Invariant3()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync(Ids(Tasks));
        var claimed = new ConcurrentBag<(string Worker, string TaskId)>();

        // Half the workers ask without waiting, half wait briefly (through the dispatcher): both paths race.
        var workers = Enumerable.Range(1, 12).Select(i => HubWorkerAsync(hub, $"hub-{i:D2}", waits: i % 2 == 0, claimed)).ToList();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);

        await AssertEachDoneOnceAsync(hub.StorePath, claimed, Tasks);
    }

    [Fact]
    public async Task Claim_HubClientsAndLocalStoreConnectionsMixed_EachTaskDoneExactlyOnce_Invariant3()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync(Ids(Tasks));
        var claimed = new ConcurrentBag<(string Worker, string TaskId)>();

        // Local-mode workers each open their own store on the same file, as separate processes would;
        // the hub sees their commits only through the file. All start claiming together, once every one is
        // connected or open: a local store opens faster than a client connects (under the suite's load the
        // local workers had at times done all the tasks before a hub client's first claim).
        var start = new StartLine(12);
        var workers = Enumerable.Range(1, 6).Select(i => HubWorkerAsync(hub, $"hub-{i}", waits: i % 2 == 0, claimed, start))
            .Concat(Enumerable.Range(1, 6).Select(i => LocalWorkerAsync(hub.StorePath, $"local-{i}", claimed, start)))
            .ToList();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);

        await AssertEachDoneOnceAsync(hub.StorePath, claimed, Tasks);
        Assert.Contains(claimed, c => c.Worker.StartsWith("hub-", StringComparison.Ordinal));
        Assert.Contains(claimed, c => c.Worker.StartsWith("local-", StringComparison.Ordinal));
    }

    private static async Task HubWorkerAsync(TestHub hub, string name, bool waits, ConcurrentBag<(string, string)> claimed, StartLine? start = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var worker = new WorkerId(name);
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions { Server = hub.Url, Token = hub.Token, Worker = worker }, ct);
        Assert.True(connected.IsOk, connected.Error?.Message);
        await using var client = connected.Value;
        await (start?.ArriveAndWaitAsync() ?? Task.CompletedTask);
        await WorkLoopAsync(client, worker, waits ? TimeSpan.FromMilliseconds(300) : null, claimed, ct);
    }

    private static async Task LocalWorkerAsync(string storePath, string name, ConcurrentBag<(string, string)> claimed, StartLine start)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = storePath }, ct);
        await using var local = new LocalBaton(store, TimeProvider.System);
        await start.ArriveAndWaitAsync();
        await WorkLoopAsync(local, new WorkerId(name), null, claimed, ct);
    }

    // Claim and report until nothing is left to claim. Every task was imported up front and none fails,
    // so no_task means every remaining task is already held by someone else.
    private static async Task WorkLoopAsync(IBatonApi api, WorkerId worker, TimeSpan? wait, ConcurrentBag<(string, string)> claimed, CancellationToken ct)
    {
        while (true)
        {
            var claim = await api.ClaimAsync(new ClaimRequest { Worker = worker, Wait = wait }, ct);
            if (!claim.IsOk && claim.Error.Code == ErrorCode.NoTask)
            {
                return;
            }
            Assert.True(claim.IsOk, $"{worker.Value}: {claim.Error?.Message}");
            var id = claim.Value.Task.Id;
            claimed.Add((worker.Value, id.Value));
            var report = await api.ReportAsync(new ReportRequest { TaskId = id, Worker = worker, Outcome = ReportOutcome.Done, Summary = "did " + id.Value }, ct);
            Assert.True(report.IsOk, $"{worker.Value} lost its claim on {id.Value}: {report.Error?.Message}");
        }
    }

    private static async Task AssertEachDoneOnceAsync(string storePath, ConcurrentBag<(string Worker, string TaskId)> claimed, int count)
    {
        var ct = TestContext.Current.CancellationToken;
        var claims = claimed.ToList();
        Assert.Equal(count, claims.Count);
        Assert.Equal(count, claims.Select(c => c.TaskId).Distinct(StringComparer.Ordinal).Count());
        var claimer = claims.ToDictionary(c => c.TaskId, c => c.Worker, StringComparer.Ordinal);

        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = storePath, WatchForChanges = false }, ct);
        foreach (var id in Ids(count))
        {
            var detail = await store.ShowTaskAsync(new TaskId(id), ct);
            Assert.True(detail.IsOk, detail.Error?.Message);
            Assert.Equal(TaskState.Done, detail.Value.Task.State);
            var attempt = Assert.Single(detail.Value.Attempts);
            Assert.Equal("done", attempt.Ending);
            Assert.Equal(claimer[id], attempt.Worker.Value);
            var report = Assert.Single(detail.Value.Reports);
            Assert.Null(report.RefusedReason);
        }
        var status = await store.StatusAsync(TimeProvider.System.GetUtcNow(), ct);
        Assert.True(status.Complete);
        Assert.Equal(count, status.Workers.Sum(w => w.Done));
    }

    // Releases every worker at once when the last of them is ready.
    private sealed class StartLine(int workers)
    {
        private readonly TaskCompletionSource _go = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting = workers;

        public Task ArriveAndWaitAsync()
        {
            if (Interlocked.Decrement(ref _waiting) == 0)
            {
                _go.SetResult();
            }
            return _go.Task.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        }
    }
}
