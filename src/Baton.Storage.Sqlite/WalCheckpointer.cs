using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// Checkpoints the WAL on its own connection, shortly after commits, so no commit waits for one. A PASSIVE
/// checkpoint copies what it can without blocking the writer or readers; the writer then starts the WAL
/// over once everything in it is in the database. The store's writer runs with automatic checkpoints off.
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    // Commits within this long share one checkpoint; long enough to batch, short enough that the WAL
    // (and every reader's search through it) stays small.
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);

    private readonly StoreConnection _connection;
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

    private void Checkpoint()
    {
        try
        {
            _connection.Exec("PRAGMA wal_checkpoint(PASSIVE);");
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
