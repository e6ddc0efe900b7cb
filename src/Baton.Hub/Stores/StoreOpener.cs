using System.Net.Sockets;
using Baton.Core.Errors;
using Baton.Storage;
using Baton.Storage.Postgres;
using Baton.Storage.Sqlite;
using Npgsql;

namespace Baton.Hub.Stores;

/// <summary>The one place that opens a store, SQLite or PostgreSQL, for local mode, <c>baton serve</c> and
/// <c>baton init</c>.</summary>
public static class StoreOpener
{
    /// <summary>Opens <paramref name="target"/>.</summary>
    /// <exception cref="StoreOpenException">A PostgreSQL store that cannot be opened for a reason the user can fix;
    /// the message names the database without its password.</exception>
    public static async Task<IBatonStore> OpenAsync(StoreTarget target, StoreOpenOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var root = options.RepositoryRoot ?? target.RepositoryRoot;
        if (target.Postgres is not { } database)
        {
            return await SqliteStore.OpenAsync(new SqliteStoreOptions
            {
                DatabasePath = target.FilePath!, // a target is a file or a database
                RepositoryRoot = root,
                CreateIfMissing = options.CreateIfMissing,
                MaxWorkers = options.MaxWorkers,
                // A hub's writer runs the next batch while a thread of its own flushes this one, and sees commits by
                // other processes (a local-mode CLI on the same file) within 25 ms without watching the file.
                CheckpointInBackground = options.ForHub,
                SyncInBackground = options.ForHub,
                WatchForChanges = !options.ForHub && options.WatchForChanges,
                ExternalCommitPoll = options.ForHub ? TimeSpan.FromMilliseconds(25) : null,
            }, cancellationToken);
        }
        try
        {
            return await PostgresStore.OpenAsync(new PostgresStoreOptions
            {
                Location = database,
                RepositoryRoot = root,
                CreateIfMissing = options.CreateIfMissing,
                MaxWorkers = options.MaxWorkers,
                // A hub's writer releases Baton's lock at the commit and a thread of the store's own flushes the WAL
                // before any write is answered (one flush for every batch meanwhile, of any hub).
                SyncInBackground = options.ForHub,
            }, cancellationToken);
        }
        catch (Exception ex) when (Explain(ex, database) is { } explained)
        {
            throw explained;
        }
    }

    /// <summary>What a failure to reach or use a PostgreSQL store means for the user, or null when it is none of the
    /// kinds they can fix (a bug, a cancellation: thrown as it is).</summary>
    public static StoreOpenException? Explain(Exception error, PostgresLocation database)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(database);
        switch (error)
        {
            case StoreOpenException known:
                return known;
            case PostgresStoreVersionException newer:
                // A newer baton's store: a broken environment for this build (exit 1, as for SQLite), left as it was.
                return new(ErrorCode.InternalError, newer.Message, error);
            case PostgresStoreException { InnerException: null } refused:
                // The store's own refusals at open: no Baton store in the database, or none that records its repository.
                return new(ErrorCode.NotFound, refused.Message, error);
        }
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName }:
                    return new(ErrorCode.BadRequest,
                        $"the PostgreSQL store {database.Display}: the database does not exist on that server; create it (createdb), then run 'baton init --store {database.Display}'", error);
                case PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } refused:
                    return new(ErrorCode.Unauthorized, $"the PostgreSQL store {database.Display} refused the login: {refused.MessageText}", error);
                case PostgresException { SqlState: PostgresErrorCodes.UndefinedTable }:
                    return new(ErrorCode.NotFound, $"no Baton store in {database.Display}; run 'baton init --store {database.Display}'", error);
                case SocketException or TimeoutException:
                    return new(ErrorCode.HubUnreachable, $"cannot reach the PostgreSQL store {database.Display}: {e.Message}", error);
                case NpgsqlException { IsTransient: true } when e is not PostgresException:
                    return new(ErrorCode.HubUnreachable, $"cannot reach the PostgreSQL store {database.Display}: {e.Message}", error);
            }
        }
        return null;
    }
}
