using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests.Support;

/// <summary>Opens a store as the hub opens it: checkpoints on their own connection, each commit flushed by
/// the sync thread, and the writer waiting for the lock with BusyWait.</summary>
internal static class HubModeStore
{
    public static Task<SqliteStore> OpenAsync(string path)
        => SqliteStore.OpenAsync(new SqliteStoreOptions
        {
            DatabasePath = path,
            CreateIfMissing = true,
            CheckpointInBackground = true,
            SyncInBackground = true,
            WatchForChanges = false,
        }, TestContext.Current.CancellationToken);
}
