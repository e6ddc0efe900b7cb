using Baton.Storage.Sqlite;

namespace Baton.Hub;

/// <summary>Takes a SQLite store for one hub (<see cref="HubLockFile"/>). A second hub on the same file would take the
/// first one's connected workers for orphans and release their tasks after the grace while they work. A PostgreSQL
/// store takes no lock: any number of hubs serve it, each recording which workers it holds.</summary>
internal static class HubStoreLock
{
    /// <summary>The held lock; null for a PostgreSQL store, and when the file is missing and may not be created
    /// (opening it then fails with its own message). Throws <see cref="HubAlreadyRunningException"/> when another hub
    /// holds it.</summary>
    public static async Task<HubLock?> TakeAsync(HubOptions options, CancellationToken cancellationToken)
    {
        if (options.Target.FilePath is not { } path || (!options.CreateStoreIfMissing && !File.Exists(path)))
        {
            return null;
        }
        var attempt = await HubLockFile.TryTakeAsync(path, HubLockFile.DefaultPatience, TimeProvider.System, cancellationToken);
        return attempt.Held ?? throw new HubAlreadyRunningException(attempt.Holder!);
    }
}
