using Baton.Storage.Postgres.Tests.Support;

namespace Baton.Storage.Postgres.Tests;

/// <summary>The store contract on PostgreSQL: a database of its own per test, on the run's server.</summary>
public sealed class PostgresStoreTests(SharedPostgres postgres) : StoreContractTests
{
    private readonly TempDirectory _root = new();
    private string? _database;

    protected override async Task<IBatonStore> CreateStoreAsync()
    {
        var server = postgres.Require();
        _database = await server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        return await Stores.OpenAsync(server, _database, _root.Path);
    }

    public override async ValueTask DisposeAsync()
    {
        // A skipped test made no store.
        if (_database is not null)
        {
            await base.DisposeAsync();
        }
        _root.Dispose();
    }

    [Fact]
    public void Location_IsTheUrlWithoutAPassword()
        => Assert.Equal($"postgres://postgres@127.0.0.1:{postgres.Require().Port}/{_database}", Store.Location);

    [Fact]
    public void RepositoryRoot_IsTheOneItWasMadeWith()
        => Assert.Equal(_root.Path, Store.RepositoryRoot);
}
