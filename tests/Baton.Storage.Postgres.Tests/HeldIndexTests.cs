using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Storage.Postgres.Tests.Support;
using Npgsql;

namespace Baton.Storage.Postgres.Tests;

/// <summary>Schema step 3 (<c>ix_tasks_held</c>, the leased and checked tasks in an index of their own): the statements
/// that read the held tasks use it, with the prepared (generic) plans the store runs, and a store at version 2 gets it.</summary>
public sealed class HeldIndexTests(SharedPostgres postgres) : IDisposable
{
    private readonly TempDirectory _root = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _root.Dispose();

    [Fact]
    public void HeldStates_SpellsOutTheReservingStates_AsStored() => Assert.True(PostgresSchema.HeldStatesMatchCore);

    // Each read, and the arguments EXECUTE gives it.
    public static TheoryData<string, string, string> HeldReads => new()
    {
        { "holding", PostgresStore.HoldingSql, "1, 'w1'" },
        { "prefetch", PostgresStore.PrefetchHoldingSql, "1, ARRAY['w1']" },
        { "due", PostgresStore.DueSql, "1" },
        { "next expiry", PostgresStore.NextExpirySql, "'leased'" },
    };

    [Theory]
    [MemberData(nameof(HeldReads))]
    public async Task HeldRead_IsAPlainIndexScanOfIxTasksHeld_InItsGenericPlan_AfterManyClaims(string name, string sql, string args)
    {
        var server = postgres.Require();
        var database = await server.CreateDatabaseAsync(Ct);
        await using (var store = await Stores.OpenAsync(server, database, _root.Path))
        {
            var now = TimeProvider.System.GetUtcNow();
            Assert.True((await store.ImportAsync([.. Enumerable.Range(0, 40).Select(i => Specs.Task($"t{i}"))], null, [], now, Ct)).IsOk);
            var worker = new WorkerId("w1");
            for (var i = 0; i < 30; i++)
            {
                var claim = await store.ClaimAsync(new ClaimRequest { Worker = worker }, TimeSpan.FromMinutes(10), now, Ct);
                Assert.True((await store.ReportAsync(new ReportRequest
                {
                    TaskId = claim.Value.Task.Id,
                    Worker = worker,
                    LeaseId = claim.Value.Lease.Id,
                    Outcome = ReportOutcome.Done,
                    Summary = "done",
                }, now, Ct)).IsOk);
            }
        }
        // The store's planner settings, and the plan a prepared statement settles on.
        var settings = new NpgsqlConnectionStringBuilder(server.ConnectionString(database)) { Options = PostgresStore.PlannerOptions };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(Ct);
        await using (var analyze = new NpgsqlCommand("ANALYZE tasks; SET plan_cache_mode = force_generic_plan", connection))
        {
            await analyze.ExecuteNonQueryAsync(Ct);
        }
        await using (var prepare = new NpgsqlCommand($"PREPARE held AS {sql}", connection))
        {
            await prepare.ExecuteNonQueryAsync(Ct);
        }
        var plan = new List<string>();
        await using (var explain = new NpgsqlCommand($"EXPLAIN EXECUTE held({args})", connection))
        await using (var reader = await explain.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                plan.Add(reader.GetString(0));
            }
        }
        // A plain index scan: only that marks the dead entries it meets, which keeps the index small (a bitmap scan does not).
        Assert.True(plan.Any(line => line.Contains("Index Scan using ix_tasks_held", StringComparison.Ordinal)
            || line.Contains("Index Scan Backward using ix_tasks_held", StringComparison.Ordinal)), $"{name}: {string.Join('\n', plan)}");
    }

    [Fact]
    public async Task Open_AStoreAtVersion2_AddsIxTasksHeld_AsANewStoreHasIt()
    {
        var server = postgres.Require();
        var fresh = await server.CreateDatabaseAsync(Ct);
        await (await Stores.OpenAsync(server, fresh, _root.Path)).DisposeAsync();
        var old = await server.CreateDatabaseAsync(Ct);
        await (await Stores.OpenAsync(server, old, _root.Path)).DisposeAsync();
        await AdminAsync(old, "DROP INDEX ix_tasks_held; UPDATE meta SET value = '2' WHERE key = 'schema_version'");

        await using (var store = await Stores.OpenAsync(server, old, _root.Path))
        {
            Assert.True((await store.ImportAsync([Specs.Task("a")], null, [], TimeProvider.System.GetUtcNow(), Ct)).IsOk);
        }

        Assert.Equal("3", await AdminAsync(old, "SELECT value FROM meta WHERE key = 'schema_version'"));
        Assert.Equal(await IndexesAsync(fresh), await IndexesAsync(old));
    }

    private Task<object?> IndexesAsync(string database) => AdminAsync(database,
        "SELECT string_agg(indexdef, E'\\n' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'");

    private Task<object?> AdminAsync(string database, string sql) => postgres.Require().ScalarAsync(database, sql, Ct);
}
