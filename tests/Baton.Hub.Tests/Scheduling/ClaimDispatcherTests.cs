using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Hub.Scheduling;
using Baton.Hub.Tests.Support;
using Baton.Service;
using Baton.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Hub.Tests.Scheduling;

/// <summary>The dispatcher on its own, over a real SQLite store: how its loop starts and ends.</summary>
public sealed class ClaimDispatcherTests : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "baton-dispatch-test-" + Guid.NewGuid().ToString("N")[..10]);
    private SqliteStore? _store;

    // A dispatcher over a fresh store, not started.
    private async Task<(ClaimDispatcher Dispatcher, SqliteStore Store)> CreateAsync()
    {
        Directory.CreateDirectory(_directory);
        _store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = Path.Combine(_directory, "baton.db"), CreateIfMissing = true, WatchForChanges = false },
            TestContext.Current.CancellationToken);
        var dispatcher = new ClaimDispatcher(_store, new LocalBaton(_store, TimeProvider.System), new HubOptions { StorePath = _directory },
            NullLogger<ClaimDispatcher>.Instance);
        return (dispatcher, _store);
    }

    private async Task<(ClaimDispatcher Dispatcher, SqliteStore Store)> StartAsync()
    {
        var (dispatcher, store) = await CreateAsync();
        await dispatcher.StartAsync(TestContext.Current.CancellationToken);
        return (dispatcher, store);
    }

    [Fact]
    public async Task WaitingClaim_GetsTheTaskAddedWhileItWaits()
    {
        var (dispatcher, store) = await StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var claim = dispatcher.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w") }, TimeSpan.FromMinutes(1), ct);

        var imported = await store.ImportAsync([new TaskSpec { Id = new TaskId("t1"), Title = "t1" }], null, [], TimeProvider.System.GetUtcNow(), ct);
        Assert.True(imported.IsOk, imported.Error?.Message);

        var result = await claim.WaitAsync(TestTimeouts.Default, ct);
        Assert.True(result.IsOk, result.Error?.Message);
        Assert.Equal("t1", result.Value.Task.Id.Value);
        await dispatcher.StopAsync(ct);
    }

    [Fact]
    public async Task WaitingClaim_QueuedWhenTheLoopHasStopped_IsAnsweredHubUnreachable()
    {
        var (dispatcher, _) = await StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var waiting = dispatcher.ClaimAsync(new ClaimRequest { Worker = new WorkerId("early") }, TimeSpan.FromMinutes(1), ct);

        await dispatcher.StopAsync(ct);
        var late = dispatcher.ClaimAsync(new ClaimRequest { Worker = new WorkerId("late") }, TimeSpan.FromMinutes(1), ct);

        // Neither may hang until its minute is up: the loop that would answer them is gone.
        foreach (var claim in new[] { waiting, late })
        {
            var result = await claim.WaitAsync(TestTimeouts.Default, ct);
            Assert.False(result.IsOk);
            Assert.Equal(ErrorCode.HubUnreachable, result.Error.Code);
        }
    }

    [Fact]
    public async Task WaitingClaim_WhenTheLoopNeverRan_IsAnsweredHubUnreachable()
    {
        // A host stopped before the loop's first step cancels the loop unstarted, so its own cleanup never runs.
        var (dispatcher, _) = await CreateAsync();
        var ct = TestContext.Current.CancellationToken;

        await dispatcher.StopAsync(ct);
        var result = await dispatcher.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w") }, TimeSpan.FromMinutes(1), ct).WaitAsync(TestTimeouts.Default, ct);

        Assert.False(result.IsOk);
        Assert.Equal(ErrorCode.HubUnreachable, result.Error.Code);
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
