using Baton.Core.Tasks;
using Baton.Storage.Postgres.Tests.Support;

namespace Baton.Storage.Postgres.Tests;

/// <summary>Schema step 2 (<c>workers.hub</c>, the hub holding a worker's connection): a store at version 1 is brought to
/// the form a new store has, keeping its workers, and presence across hubs then works on it.</summary>
public sealed class PresenceMigrationTests(SharedPostgres postgres) : IDisposable
{
    private readonly TempDirectory _root = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _root.Dispose();

    private Task<object?> AdminAsync(string database, string sql) => postgres.Require().ScalarAsync(database, sql, Ct);

    private Task<object?> WorkersColumnsAsync(string database) => AdminAsync(database,
        "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'workers'");

    [Fact]
    public async Task Open_AStoreAtVersion1_AddsWorkersHub_AsANewStoreHasIt_AndKeepsItsWorkers()
    {
        var server = postgres.Require();
        var fresh = await server.CreateDatabaseAsync(Ct);
        await (await Stores.OpenAsync(server, fresh, _root.Path)).DisposeAsync();
        var old = await server.CreateDatabaseAsync(Ct);
        await using (var store = await Stores.OpenAsync(server, old, _root.Path))
        {
            await store.TouchWorkerAsync(new WorkerPresence { Worker = new WorkerId("w1"), Connected = true, Capacity = 2 }, TimeProvider.System.GetUtcNow(), Ct);
        }
        // What version 1 was: no workers.hub (nor ix_tasks_held, from version 3).
        await AdminAsync(old, "ALTER TABLE workers DROP COLUMN hub; DROP INDEX ix_tasks_held; UPDATE meta SET value = '1' WHERE key = 'schema_version'");

        await using (var store = await Stores.OpenAsync(server, old, _root.Path))
        {
            var hub = new HubId("hub-a");
            await store.BeatHubAsync(new HubBeat { Id = hub, StartedAt = TimeProvider.System.GetUtcNow() }, TimeProvider.System.GetUtcNow(), Ct);
            var worker = await store.ConnectWorkerAsync(new WorkerPresence { Worker = new WorkerId("w1") }, hub, TimeProvider.System.GetUtcNow(), Ct);
            Assert.Equal(2, worker.Capacity);
            Assert.True(worker.Connected);
        }

        Assert.Equal(PostgresSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), await AdminAsync(old, "SELECT value FROM meta WHERE key = 'schema_version'"));
        Assert.Equal(await WorkersColumnsAsync(fresh), await WorkersColumnsAsync(old));
        Assert.Equal("hub-a", await AdminAsync(old, "SELECT hub FROM workers WHERE name = 'w1'"));
    }
}
