using Baton.Storage.Postgres.Tests.Support;

namespace Baton.Storage.Postgres.Tests;

/// <summary>The store contract again, with the store opened as a hub would open it for throughput: commits without waiting
/// for the WAL flush, each write answered once the flusher's own synchronous commit has made it durable.</summary>
public sealed class PostgresHubModeStoreTests(SharedPostgres postgres) : StoreContractTests
{
    private readonly TempDirectory _root = new();
    private string? _database;

    protected override async Task<IBatonStore> CreateStoreAsync()
    {
        var server = postgres.Require();
        _database = await server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        return await Stores.OpenAsync(server, _database, _root.Path, syncInBackground: true);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await base.DisposeAsync();
        }
        _root.Dispose();
    }

    [Fact]
    public async Task AWrite_IsAnsweredAfterAFlush()
    {
        var store = (PostgresStore)Store;
        var before = store.Flushes;

        await ImportAsync(Specs.Task("a"));

        // Answered only once the flusher's synchronous commit, which covers the import's commit, returned.
        Assert.True(store.Flushes > before, $"{store.Flushes} flushes after the import, {before} before");
    }
}
