using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests.Support;

/// <summary>Keeps a store's writer busy with a write that waits for <see cref="ReleaseAsync"/>: writes queued
/// meanwhile wait, then run together in the next batch.</summary>
internal sealed class WriterHold : IAsyncDisposable
{
    private readonly ManualResetEventSlim _gate = new();
    private readonly Task<int> _holder;

    private WriterHold(SqliteStore store, CancellationToken ct)
    {
        using var running = new ManualResetEventSlim();
        // From another thread: with the sync thread, a lone write runs on its caller's thread (and would hold it).
        _holder = Task.Run(() => store.WriteAsync(_ =>
        {
            running.Set();
            _gate.Wait(ct);
            return 0;
        }, ct), ct);
        Assert.True(running.Wait(TimeSpan.FromSeconds(30), ct), "the holding write did not start");
    }

    /// <summary>Returns once the writer is running the holding write.</summary>
    public static WriterHold Start(SqliteStore store, CancellationToken ct) => new(store, ct);

    /// <summary>Lets the writer go on, and waits until the holding write is done.</summary>
    public async Task ReleaseAsync()
    {
        _gate.Set();
        await _holder;
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        _gate.Dispose();
    }
}
