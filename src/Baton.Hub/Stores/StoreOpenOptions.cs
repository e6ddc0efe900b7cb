namespace Baton.Hub.Stores;

/// <summary>How <see cref="StoreOpener"/> opens a store: for one CLI process (the default) or for a hub.</summary>
public sealed record StoreOpenOptions
{
    /// <summary>Make the store (the SQLite file, or the database's tables) when it is missing, as <c>baton init</c>
    /// does. Default false: a missing store is an error.</summary>
    public bool CreateIfMissing { get; init; }

    /// <summary>The repository root task paths are relative to. Default: the target's
    /// (<see cref="StoreTarget.RepositoryRoot"/>), else the one the store recorded when it was made.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Open it for a long-lived hub: SQLite flushes commits on a thread of its own, checkpoints in the
    /// background and looks for other processes' commits every 25 ms. Default false (one CLI call).</summary>
    public bool ForHub { get; init; }

    /// <summary>For one CLI call: the caller may wait until something changes (<c>claim --wait</c>, <c>mcp</c>, ...),
    /// so a SQLite store watches its file for other processes' commits. Default false.</summary>
    public bool WatchForChanges { get; init; }

    /// <summary>Workers the store remembers. Default 1,000.</summary>
    public int MaxWorkers { get; init; } = 1000;
}
