using Microsoft.Extensions.Logging;

namespace Baton.Storage.Postgres;

/// <summary>How to open a PostgreSQL store.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>The database (a URL or a connection string; see <see cref="PostgresLocation"/>).</summary>
    public required PostgresLocation Location { get; init; }

    /// <summary>The repository root task paths are relative to. Null: the one the store recorded when it was made
    /// (a new store needs one).</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Make Baton's tables when the database has none. False: a database without them is refused.</summary>
    public bool CreateIfMissing { get; init; }

    /// <summary>Commit without waiting for PostgreSQL's WAL flush, and answer each write only once a thread of the store's
    /// own has flushed it (<c>WalFlusher</c>): Baton's lock is then held for a transaction's statements, not for the
    /// disk, and one flush covers the commits of every store object on the database. Other connections may see a commit
    /// up to one flush before it is durable; nothing is answered before. Default false: every commit waits for its flush
    /// (<c>synchronous_commit</c> on). For long-lived owners that write steadily, such as the hub.</summary>
    public bool SyncInBackground { get; init; }

    /// <summary>Where the store says that a connection broke and came back, or that writes failed (events 2800-2899).
    /// Default: nowhere. It can also be attached later (<see cref="PostgresStore.UseLogger"/>).</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Bound on remembered workers (as the SQLite store's).</summary>
    public int MaxWorkers { get; init; } = 1000;
}
