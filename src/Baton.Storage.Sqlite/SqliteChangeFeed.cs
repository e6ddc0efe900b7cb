namespace Baton.Storage.Sqlite;

/// <summary>
/// Change feed of a SQLite file: commits in this process notify directly; commits by other processes
/// are seen through the file system (inotify on Linux), since every commit writes the WAL file. That is
/// what lets a local-mode <c>claim --wait</c> wake within milliseconds of another process's import.
/// </summary>
internal sealed class SqliteChangeFeed : StoreChangeFeed, IDisposable
{
    private readonly FileSystemWatcher? _watcher;

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
        _watcher.Changed += (_, _) => Notify();
        _watcher.Created += (_, _) => Notify();
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose() => _watcher?.Dispose();
}
