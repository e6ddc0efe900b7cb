namespace Baton.Storage.Postgres;

/// <summary>The PostgreSQL store could not be used: the database is missing or refuses the login, the server is
/// unreachable (for longer than the store waits), or a commit's outcome could not be learned. The message names the
/// store's location (without a password) and what went wrong.</summary>
public sealed class PostgresStoreException : Exception
{
    /// <summary>A failure of the store at <paramref name="location"/>.</summary>
    public PostgresStoreException(string location, string message, Exception? inner = null)
        : base(message, inner)
    {
        Location = location;
    }

    /// <summary>The store's location, as <see cref="PostgresLocation.Display"/> gives it.</summary>
    public string Location { get; }
}
