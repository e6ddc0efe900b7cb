using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests;

/// <summary>The thread that flushes the WAL and settles committed batches, on its own.</summary>
public sealed class WalSyncerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Closing_FromTheSyncThreadItself_IsRefusedNamingWhy_AndTheThreadStillCloses()
    {
        // Closing waits for the sync thread to finish: called there, it would wait for itself forever.
        var wal = Path.Combine(_dir.Path, "baton.db-wal");
        File.WriteAllBytes(wal, [1, 2, 3]);
        var refused = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        WalSyncer? syncer = null;
        syncer = new WalSyncer(wal, (_, flushFailed) =>
        {
            Assert.Null(flushFailed);
            try
            {
                syncer!.Dispose();
                refused.TrySetResult(null);
            }
            catch (Exception error)
            {
                refused.TrySetResult(error);
            }
        });
        syncer.Enqueue(new CommittedBatch([], [], Changed: true));
        var error = await refused.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var invalid = Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("sync thread", invalid.Message);
        // From another thread it closes, once the batch is settled.
        Assert.False(syncer.IsOwnThread);
        syncer.Dispose();
    }
}
