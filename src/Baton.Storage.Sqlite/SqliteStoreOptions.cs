namespace Baton.Storage.Sqlite;

/// <summary>How to open a SQLite store.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>The database file, e.g. <c>.baton/baton.db</c>.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>The repository root; read from the store, or derived from the path (parent of <c>.baton/</c>) when null.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Create the file and schema when missing (<c>baton init</c>); otherwise a missing file is an error.</summary>
    public bool CreateIfMissing { get; init; }

    /// <summary>Watch the file for commits by other processes (needed by waiters: claim --wait, the hub).
    /// Each file event makes the writer check <c>PRAGMA data_version</c>, which moves only when another
    /// connection committed, so the process's own commits do not wake its waiters a second time.</summary>
    public bool WatchForChanges { get; init; } = true;

    /// <summary>Instead of (or besides) watching the file, check this often whether another connection
    /// committed (a <c>PRAGMA data_version</c> read on the writer, between batches). For a long-lived owner
    /// that writes steadily, such as the hub: a file watcher sees every WAL write of its own commits, one
    /// event each, which cost the hub a fifth of its throughput at 8 workers; a poll every few tens of
    /// milliseconds costs nothing measurable and still wakes waiters on another process's commit.</summary>
    public TimeSpan? ExternalCommitPoll { get; init; }

    /// <summary>Copy the WAL into the database on a connection of its own, off the commit path, instead of
    /// letting every thousandth commit do it (and its fsyncs) before it is acknowledged. For long-lived
    /// owners such as the hub; one-shot CLI calls keep SQLite's automatic checkpoints.</summary>
    public bool CheckpointInBackground { get; init; }

    /// <summary>Flush each commit to disk on a thread of its own, so the writer runs the next batch while the
    /// disk syncs this one (see <c>WalSyncer</c>). Writes are still acknowledged only once durable. For
    /// long-lived owners that write steadily, such as the hub; a one-shot CLI call has nothing to overlap.</summary>
    public bool SyncInBackground { get; init; }

    /// <summary>Workers the store remembers. Default 1,000. A new worker past it makes the store forget the workers
    /// seen longest ago that are disconnected and hold no lease (a tenth of the bound at once); connected workers
    /// and workers with a lease are never forgotten, so the table may pass the bound while they do.</summary>
    public int MaxWorkers { get; init; } = 1000;
}
