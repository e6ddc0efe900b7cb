namespace Baton.Storage.Postgres.Tests.Support;

/// <summary>Opens stores on a test server's databases, as <c>--store postgres://…</c> would.</summary>
internal static class Stores
{
    public static Task<PostgresStore> OpenAsync(PostgresServer server, string database, string root, bool create = true, bool syncInBackground = false,
        Microsoft.Extensions.Logging.ILogger? logger = null)
        => PostgresStore.OpenAsync(new PostgresStoreOptions
        {
            Location = PostgresLocation.Parse(server.Url(database)),
            RepositoryRoot = root,
            CreateIfMissing = create,
            SyncInBackground = syncInBackground,
            Logger = logger,
        }, TestContext.Current.CancellationToken);
}
