using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// Checkpoints the WAL on its own connection, shortly after commits, so no commit waits for one. A PASSIVE
/// checkpoint copies what it can without blocking the writer or readers. The store's writer runs with
/// automatic checkpoints off.
/// </summary>
/// <remarks>
/// SQLite starts the WAL over only when a write begins with every frame already copied; under steady
/// writes that never happens here, because commits land while this connection copies, and the WAL would
/// grow without end (found at 98 MB after 2,000 commits, each commit slower than the last). So once the WAL
/// holds <see cref="RestartFrames"/> frames, the writer is asked (<see cref="TakeRestart"/>) to copy the
/// few frames left itself, after acknowledging its batch, so that its next write starts the WAL over.
/// </remarks>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    // Commits within this long share one checkpoint; long enough to batch, short enough that the WAL
    // (and every reader's search through it) stays small.
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);

    /// <summary>The WAL length (frames, about 4 KiB each) from which the writer is asked to let it start over.</summary>
    public const int RestartFrames = 1000;

    private readonly StoreConnection _connection;
    private int _restartWanted;
    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public WalCheckpointer(StoreConnection connection)
    {
        _connection = connection;
        _connection.Exec("PRAGMA busy_timeout=30000;");
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Called after each commit; wakes the loop when it sleeps.</summary>
    public void Committed()
    {
        if (_committed.CurrentCount == 0)
        {
            try
            {
                _committed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit woke it first: one pending wake is enough.
            }
        }
    }

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                await _committed.WaitAsync(_stop.Token).ConfigureAwait(false);
                await Task.Delay(Coalesce, _stop.Token).ConfigureAwait(false);
                Checkpoint();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>For the writer, after a commit: true once when the WAL is long and nearly all copied.</summary>
    public bool TakeRestart() => Interlocked.Exchange(ref _restartWanted, 0) == 1;

    private void Checkpoint()
    {
        try
        {
            // One row: busy (0 or 1), frames in the WAL, frames copied into the database.
            using var result = _connection.Statement("PRAGMA wal_checkpoint(PASSIVE);", []);
            if (result.Read() && result.GetInt64(0) == 0 && result.GetInt64(1) >= RestartFrames)
            {
                Volatile.Write(ref _restartWanted, 1);
            }
        }
        catch (SqliteException)
        {
            // Busy or locked by another process's checkpoint: the next commit asks again.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        Checkpoint();
        await _connection.DisposeAsync().ConfigureAwait(false);
        _committed.Dispose();
        _stop.Dispose();
    }
}
