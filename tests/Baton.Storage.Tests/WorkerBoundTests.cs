using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests;

public sealed class WorkerBoundTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task TouchWorker_PastTheBound_ForgetsTheOldestIdleWorkersButNotConnectedOrLeasing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions
        {
            DatabasePath = Path.Combine(_dir.Path, ".baton", "baton.db"),
            CreateIfMissing = true,
            WatchForChanges = false,
            MaxWorkers = 10,
        }, ct);
        var now = DateTimeOffset.Parse("2026-11-27T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True((await store.ImportAsync([Specs.Task("t1")], null, [], now, ct)).IsOk);
        // The first worker seen holds a lease; the second stays connected. Both are the oldest, and both must stay.
        Assert.True((await store.ClaimAsync(new ClaimRequest { Worker = new WorkerId("leaser") }, TimeSpan.FromHours(1), now, ct)).IsOk);
        await store.TouchWorkerAsync(new WorkerPresence { Worker = new WorkerId("connected"), Connected = true }, now, ct);

        for (var i = 0; i < 50; i++)
        {
            await store.TouchWorkerAsync(new WorkerPresence { Worker = new WorkerId($"w{i:D2}"), Connected = false }, now.AddSeconds(i + 1), ct);
        }

        var workers = (await store.ListWorkersAsync(now.AddMinutes(1), ct)).Select(w => w.Name.Value).ToList();
        Assert.InRange(workers.Count, 2, 10);
        Assert.Contains("leaser", workers);
        Assert.Contains("connected", workers);
        Assert.Contains("w49", workers);
        Assert.DoesNotContain("w00", workers);
    }

    public void Dispose() => _dir.Dispose();
}
