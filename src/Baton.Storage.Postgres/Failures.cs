using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>Which failures are the connection's (the server restarting, the network), not a statement's, and what to
/// tell the user about them.</summary>
internal static class Failures
{
    // PostgreSQL's error codes (https://www.postgresql.org/docs/current/errcodes-appendix.html) the store tells apart.
    public const string AdminShutdown = "57P01";
    public const string CrashShutdown = "57P02";
    public const string CannotConnectNow = "57P03";
    public const string TooManyConnections = "53300";
    public const string InvalidCatalogName = "3D000";
    public const string InvalidPassword = "28P01";
    public const string InvalidAuthorization = "28000";

    /// <summary>True when the connection is gone or not to be had for now (the server stopping, starting or unreachable;
    /// a broken socket or a timeout): running the work again on a new connection may succeed. False for a statement's own
    /// error, after which the connection is still usable.</summary>
    public static bool IsConnectionLost(Exception error) => error switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState is AdminShutdown or CrashShutdown or CannotConnectNow or TooManyConnections
            || pg.Severity is "FATAL" or "PANIC",
        // Npgsql's own: I/O errors, a server that went away mid-message, timeouts.
        NpgsqlException => true,
        _ => false,
    };

    /// <summary>Why a store could not be opened, naming the location (never a password).</summary>
    public static PostgresStoreException Opening(string location, Exception error) => error switch
    {
        PostgresException { SqlState: InvalidCatalogName } => new(location,
            $"cannot open the PostgreSQL store at {location}: the database does not exist (create it first, e.g. createdb)", error),
        PostgresException { SqlState: InvalidPassword or InvalidAuthorization } pg => new(location,
            $"cannot open the PostgreSQL store at {location}: the server refused the login ({pg.MessageText})", error),
        PostgresException pg => new(location, $"cannot open the PostgreSQL store at {location}: {pg.MessageText} ({pg.SqlState})", error),
        _ => new(location, $"cannot open the PostgreSQL store at {location}: the server did not answer ({Innermost(error).Message})", error),
    };

    private static Exception Innermost(Exception error) => error.InnerException is { } inner ? Innermost(inner) : error;
}
