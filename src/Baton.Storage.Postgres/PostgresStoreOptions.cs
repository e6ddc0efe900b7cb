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

    /// <summary>Bound on remembered workers (as the SQLite store's).</summary>
    public int MaxWorkers { get; init; } = 1000;
}
