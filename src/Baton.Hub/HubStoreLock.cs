using Baton.Storage.Sqlite;

namespace Baton.Hub;

/// <summary>Takes the SQLite store at <see cref="HubOptions.StorePath"/> for one hub (<see cref="HubLockFile"/>).
/// A second hub on the same store would take the first one's connected workers for orphans and release their
/// tasks after the grace while they work.</summary>
internal static class HubStoreLock
{
    /// <summary>The held lock; null when the store is missing and may not be created (opening it then fails
    /// with its own message). Throws <see cref="HubAlreadyRunningException"/> when another hub holds it.</summary>
    public static async Task<HubLock?> TakeAsync(HubOptions options, CancellationToken cancellationToken)
    {
        if (!options.CreateStoreIfMissing && !File.Exists(options.StorePath))
        {
            return null;
        }
        var attempt = await HubLockFile.TryTakeAsync(options.StorePath, HubLockFile.DefaultPatience, TimeProvider.System, cancellationToken);
        return attempt.Held ?? throw new HubAlreadyRunningException(attempt.Holder!);
    }
}
