using Baton.Core.Errors;
using Baton.Storage.Postgres;

namespace Baton.Hub.Stores;

/// <summary>
/// What <c>--store</c>, <c>BATON_STORE</c> or a repository's <c>.baton/store</c> names: a SQLite file, or a PostgreSQL
/// database (a <c>postgres://user@host:port/db</c> URL or a <c>Host=…;Database=…</c> connection string). One value
/// names the store for local mode, <c>baton serve</c> and <c>baton init</c> alike; <see cref="StoreOpener"/> opens it.
/// </summary>
public sealed record StoreTarget
{
    private StoreTarget(string? filePath, PostgresLocation? postgres)
    {
        FilePath = filePath;
        Postgres = postgres;
    }

    /// <summary>The SQLite file (a full path); null for a PostgreSQL store.</summary>
    public string? FilePath { get; }

    /// <summary>The PostgreSQL database; null for a SQLite store.</summary>
    public PostgresLocation? Postgres { get; }

    /// <summary>The repository the store serves, when the target was found in one (the folder that holds
    /// <c>.baton/</c>); null: the one the store recorded when it was made.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Whether the store is a PostgreSQL database (any number of hubs may serve it).</summary>
    public bool IsPostgres => Postgres is not null;

    /// <summary>Where the store is, for logs and output: the file, or the database's URL without its password.</summary>
    public string Display => FilePath ?? Postgres!.Display; // one of the two is always set

    /// <summary>A SQLite file; a relative path is taken from the current directory.</summary>
    public static StoreTarget File(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new StoreTarget(Path.GetFullPath(path), null);
    }

    /// <summary>A PostgreSQL database.</summary>
    public static StoreTarget Database(PostgresLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return new StoreTarget(null, location);
    }

    /// <summary>Reads a store value: a PostgreSQL URL or connection string, else a file path (relative to
    /// <paramref name="baseDirectory"/>). <paramref name="source"/> names where the value came from
    /// (<c>--store</c>, <c>BATON_STORE</c>, a <c>.baton/store</c> file) in the error. A file is not looked for here.</summary>
    public static Result<StoreTarget> Parse(string value, string baseDirectory, string source)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);
        var text = value.Trim();
        if (text.Length == 0)
        {
            return Result<StoreTarget>.Fail(ErrorCode.BadRequest, $"{source} is empty: name a store file or a PostgreSQL database (postgres://user@host:port/db)");
        }
        if (PostgresLocation.Names(text))
        {
            try
            {
                return Database(PostgresLocation.Parse(text));
            }
            catch (FormatException ex)
            {
                return Result<StoreTarget>.Fail(ErrorCode.BadRequest, $"{source}: {ex.Message}");
            }
        }
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && !text[..scheme].Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            // Only the scheme is repeated: the rest may hold a password.
            return Result<StoreTarget>.Fail(ErrorCode.BadRequest,
                $"{source}: '{text[..scheme]}://…' is neither a PostgreSQL URL (postgres://user@host:port/db) nor a store file");
        }
        try
        {
            return File(Path.GetFullPath(text, baseDirectory));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return Result<StoreTarget>.Fail(ErrorCode.BadRequest, $"{source}: '{text}' is not a file path: {ex.Message}");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Display;
}
