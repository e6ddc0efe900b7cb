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
/// The check takes the write lock, so it is made only while someone in this process waits (has asked for
/// <see cref="IStoreChangeFeed.Next"/> since the last notification). Events while nobody waits are remembered,
/// and the first waiter after them has the check made then: a waiter reads <c>Next</c> before it looks at the
/// store, so the check runs after that look began and sees every commit the look could have missed.
/// Eight local store connections that claim and report without waiting, each watching the file, woke on one
/// another's every WAL write (the watchers' threads a sixth of the machine's time) and took the write lock
/// to check: 794-980 tasks/s, against 2,187-2,566 once they neither watch nor check until someone waits.
/// </remarks>
internal sealed class SqliteChangeFeed : StoreChangeFeed, IDisposable
{
    private static readonly TimeSpan EchoDelay = TimeSpan.FromMilliseconds(15);

    private readonly string? _directory;
    private readonly string? _pattern;
    private readonly object _gate = new();
    private FileSystemWatcher? _watcher;
    private bool _disposed;
    private int _echoPending;

    // 1 when a file event came while nobody waited, and no check has been made for it since. A watched file
    // starts at 1: before the first waiter it is not watched at all, so that waiter has the first check made.
    private int _unchecked;

    /// <summary>True when the file is to be watched (file events will come once someone waits).</summary>
    public bool Watching => _directory is not null;

    /// <summary>Whether the file is watched now: from the first waiter on (for the tests).</summary>
    internal bool WatcherRunning => Volatile.Read(ref _watcher) is not null;

    /// <summary>What a file event does; notifying directly when nobody set it.</summary>
    public Action? OnFileChange { get; set; }

    public SqliteChangeFeed(string databasePath, bool watch)
    {
        if (watch)
        {
            _directory = Path.GetDirectoryName(databasePath)!;
            _pattern = Path.GetFileName(databasePath) + "*";
            _unchecked = 1;
        }
    }

    // The file is watched from the first waiter on (then for as long as the store is open): every write to the
    // WAL wakes every watcher, so a store whose owner never waits (eight of them with the harness's local
    // workers: a sixth of the machine's time in the watchers' threads) should not watch.
    private void StartWatching()
    {
        lock (_gate)
        {
            if (_watcher is not null || _disposed || _directory is null)
            {
                return;
            }
            var watcher = new FileSystemWatcher(_directory, _pattern!)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, _) => OnFileEvent();
            watcher.Created += (_, _) => OnFileEvent();
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
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

    // Marked first, then the waiters asked for: a waiter that arrives meanwhile finds the mark (OnWatched), or
    // this finds the waiter; either way one of them checks.
    private void FileChanged()
    {
        Interlocked.Exchange(ref _unchecked, 1);
        if (Watched)
        {
            CheckIfUnchecked();
        }
    }

    protected override void OnWatched()
    {
        if (_directory is not null && Volatile.Read(ref _watcher) is null)
        {
            StartWatching();
        }
        CheckIfUnchecked();
    }

    private void CheckIfUnchecked()
    {
        if (Interlocked.Exchange(ref _unchecked, 0) == 0)
        {
            return;
        }
        if (OnFileChange is { } check)
        {
            check();
        }
        else
        {
            Notify();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _watcher?.Dispose();
        }
    }
}
