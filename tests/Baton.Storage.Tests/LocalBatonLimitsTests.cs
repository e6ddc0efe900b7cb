using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Service;
using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests;

/// <summary>Local mode refuses what the hub refuses: the same field lengths and duration ranges.</summary>
public sealed class LocalBatonLimitsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Requests_OverTheLimits_AreRefusedAndChangeNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions
        {
            DatabasePath = Path.Combine(_dir.Path, ".baton", "baton.db"),
            CreateIfMissing = true,
            WatchForChanges = false,
        }, ct);
        await using var api = new LocalBaton(store, TimeProvider.System);
        Assert.True((await store.ImportAsync([Specs.Task("t1")], null, [], TimeProvider.System.GetUtcNow(), ct)).IsOk);
        var last = await store.LastEventIdAsync(ct);

        var longLease = await api.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1"), Lease = TimeSpan.FromHours(25) }, ct);
        var longName = await api.ClaimAsync(new ClaimRequest { Worker = new WorkerId(new string('w', 10_000)) }, ct);
        var longNote = await api.HeartbeatAsync(new HeartbeatRequest { Worker = new WorkerId("w1"), Note = new string('n', 5000) }, ct);
        var longReason = await api.CancelAsync(new TaskId("t1"), new string('r', 5000), ct);

        Assert.Equal(ErrorCode.BadRequest, longLease.Error?.Code);
        Assert.Contains("lease must be more than 0 to 1d", longLease.Error?.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.LimitExceeded, longName.Error?.Code);
        Assert.Contains("worker is 10,000 characters long; the limit is 128", longName.Error?.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.LimitExceeded, longNote.Error?.Code);
        Assert.Equal(ErrorCode.LimitExceeded, longReason.Error?.Code);
        Assert.Equal(last, await store.LastEventIdAsync(ct));
    }

    public void Dispose() => _dir.Dispose();
}
