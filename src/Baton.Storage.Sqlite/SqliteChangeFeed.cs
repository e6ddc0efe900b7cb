namespace Baton.Storage.Sqlite;

/// <summary>
/// Change feed of a SQLite file: commits in this process notify directly; commits by other processes
/// are seen through the file system (inotify on Linux), since every commit writes the WAL file. That is
/// what lets a local-mode <c>claim --wait</c> wake within milliseconds of another process's import.
/// </summary>
/// <remarks>
/// The process's own commits write the WAL too. So a file event does not notify by itself: it asks
/// <see cref="OnFileChange"/> (the store) to check whether another connection committed, and only that
/// notifies. Without the check every commit woke every waiter and the event pump twice more (measured:
/// 15 % of the hub's CPU and a fifth of its throughput with 8 workers).
/// </remarks>
internal sealed class SqliteChangeFeed : StoreChangeFeed, IDisposable
{
    private static readonly TimeSpan EchoDelay = TimeSpan.FromMilliseconds(15);

    private readonly FileSystemWatcher? _watcher;
    private int _echoPending;

    /// <summary>True when the file is watched (file events will come).</summary>
    public bool Watching => _watcher is not null;

    /// <summary>What a file event does; notifying directly when nobody set it.</summary>
    public Action? OnFileChange { get; set; }

    public SqliteChangeFeed(string databasePath, bool watch)
    {
        if (!watch)
        {
            return;
        }
        var directory = Path.GetDirectoryName(databasePath)!;
        var name = Path.GetFileName(databasePath);
        _watcher = new FileSystemWatcher(directory, name + "*")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
            IncludeSubdirectories = false,
        };
        _watcher.Changed += (_, _) => OnFileEvent();
        _watcher.Created += (_, _) => OnFileEvent();
        _watcher.EnableRaisingEvents = true;
    }

    // inotify fires on the first WAL write of a commit, before the commit is visible to readers. Wake
    // now (a writer that waits for the lock sees the commit) and once more shortly after, so a reader
    // that looked too early looks again.
    private void OnFileEvent()
    {
        FileChanged();
        if (Interlocked.Exchange(ref _echoPending, 1) == 0)
        {
            _ = EchoAsync();
        }
    }

    private async Task EchoAsync()
    {
        await Task.Delay(EchoDelay).ConfigureAwait(false);
        Volatile.Write(ref _echoPending, 0);
        FileChanged();
    }

    private void FileChanged()
    {
        if (OnFileChange is { } check)
        {
            check();
        }
        else
        {
            Notify();
        }
    }

    public void Dispose() => _watcher?.Dispose();
}
