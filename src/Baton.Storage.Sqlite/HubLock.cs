namespace Baton.Storage.Sqlite;

/// <summary>A hub's hold on its store (<see cref="HubLockFile.TryTakeAsync"/>): the locked file stays open until
/// <see cref="Dispose"/>, which removes the record and then lets the lock go.</summary>
public sealed class HubLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _recordPath;
    private HubLockRecord _record;
    private bool _disposed;

    internal HubLock(string storePath, FileStream held, HubLockRecord record)
    {
        _lock = held;
        _recordPath = HubLockFile.RecordPath(storePath);
        _record = record;
    }

    /// <summary>What this hub has published.</summary>
    public HubLockRecord Record => _record;

    /// <summary>Publishes where the hub listens (null while it has not bound yet).</summary>
    public void Publish(Uri? url)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _record = _record with { Url = url };
        HubLockFile.WriteRecord(_recordPath, _record);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            // The record goes first, while the lock still keeps the next hub from writing its own.
            File.Delete(_recordPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A record left behind names no live hub: readers look at the lock.
        }
        _lock.Dispose();
    }
}
