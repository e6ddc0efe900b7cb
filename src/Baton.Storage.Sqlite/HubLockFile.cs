using System.Diagnostics;
using System.Text.Json;

namespace Baton.Storage.Sqlite;

/// <summary>
/// One hub per SQLite store. A hub holds an OS lock on <c>STORE.hub.lock</c> for as long as it runs (an exclusive
/// <c>flock</c> on Unix, a share-nothing open on Windows), and publishes where it listens in <c>STORE.hub.json</c>
/// (<see cref="HubLockRecord"/>). The lock, not the record, says whether a hub runs: the kernel drops it when the
/// process ends, however it ends (kill -9 included), while a killed hub leaves its record behind.
/// </summary>
public static class HubLockFile
{
    /// <summary>How long <see cref="TryTakeAsync"/> retries a lock it finds taken: a reader (<see cref="TryReadRunning"/>)
    /// holds it shared for a few microseconds, a hub for as long as it runs.</summary>
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromMilliseconds(500);

    /// <summary>The lock file beside the store: <c>STORE.hub.lock</c>. It is never deleted (deleting a lock file
    /// another process may be opening lets two processes each lock a file of that name).</summary>
    public static string LockPath(string storePath) => Path.GetFullPath(storePath) + ".hub.lock";

    /// <summary>The running hub's record beside the store: <c>STORE.hub.json</c>.</summary>
    public static string RecordPath(string storePath) => Path.GetFullPath(storePath) + ".hub.json";

    /// <summary>The hub that serves this store, or null when none does. Costs one <c>stat</c> when no hub has
    /// published a record; otherwise a look at the lock (taken shared for an instant, so a hub starting at that
    /// very moment retries) and a read of the record.</summary>
    public static HubLockRecord? TryReadRunning(string storePath)
    {
        var record = RecordPath(storePath);
        if (!File.Exists(record) || !IsHeld(LockPath(storePath)))
        {
            return null;
        }
        return ReadRecord(record) ?? new HubLockRecord { Pid = 0, StartedAt = DateTimeOffset.MinValue, Store = Path.GetFullPath(storePath) };
    }

    /// <summary>Takes the store for this process: <see cref="HubLockAttempt.Held"/> is the held lock, or null when
    /// another hub holds it, and <see cref="HubLockAttempt.Holder"/> then says which, as far as its record tells (its
    /// URL is null while it starts). Retries for <paramref name="patience"/>. Creates the store's directory when it is
    /// missing.</summary>
    public static async Task<HubLockAttempt> TryTakeAsync(string storePath, TimeSpan patience, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var full = Path.GetFullPath(storePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (TryOpenExclusive(LockPath(full)) is { } stream)
            {
                var held = new HubLock(full, stream, new HubLockRecord
                {
                    Pid = Environment.ProcessId,
                    StartedAt = time.GetUtcNow(),
                    Store = full,
                });
                try
                {
                    held.Publish(null);
                }
                catch
                {
                    held.Dispose();
                    throw;
                }
                return new HubLockAttempt(held, null);
            }
            if (Stopwatch.GetElapsedTime(started) >= patience)
            {
                return new HubLockAttempt(null, ReadRecord(RecordPath(full)) ?? new HubLockRecord { Pid = 0, StartedAt = DateTimeOffset.MinValue, Store = full });
            }
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    private static FileStream? TryOpenExclusive(string path)
    {
        try
        {
            // FileShare.None: on Unix .NET takes flock(LOCK_EX | LOCK_NB) on the open file, released with it.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException)
        {
            return null;
        }
    }

    /// <summary>Whether a process holds the lock: opening it for reading takes flock(LOCK_SH | LOCK_NB) on Unix,
    /// which fails while a hub holds it exclusively (on Windows the share-nothing open refuses any other).</summary>
    private static bool IsHeld(string lockPath)
    {
        try
        {
            using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static HubLockRecord? ReadRecord(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), HubLockJsonContext.Default.HubLockRecord);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // Missing (the hub stopped meanwhile) or half-written by hand: nothing to name.
            return null;
        }
    }

    internal static void WriteRecord(string path, HubLockRecord record)
    {
        // Written beside it and renamed over it, so a reader never sees half a record.
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(record, HubLockJsonContext.Default.HubLockRecord));
        File.Move(temporary, path, overwrite: true);
    }
}
