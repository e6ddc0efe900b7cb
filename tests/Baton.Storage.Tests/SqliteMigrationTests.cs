using Baton.Core.Api;
using Baton.Core.Escalations;
using Baton.Core.Tasks;
using Baton.Service;
using Baton.Storage.Sqlite;
using Baton.Storage.Tests.Checks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Storage.Tests;

/// <summary>
/// The store's schema changes by numbered steps (SqliteMigrations): a store written by an earlier release opens
/// with this build, is brought forward, keeps its tasks, leases and history, and can go on; a store written by a
/// newer build is refused without a change.
/// </summary>
public sealed class SqliteMigrationTests : IDisposable
{
    // A moment inside the fixture's life: its lease (leased-1, to w3) runs until 17:15:40Z.
    private static readonly DateTimeOffset FixtureTime = new(2026, 12, 6, 16, 20, 0, TimeSpan.Zero);

    private readonly TempDirectory _repo = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string StorePath => Path.Combine(_repo.Path, ".baton", "baton.db");

    public void Dispose() => _repo.Dispose();

    // A copy of the store main at 6875483 wrote (tests/corpus/stores/README.md says what it holds).
    private string CopyFixture()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StorePath)!);
        File.Copy(Path.Combine(CorpusCase.CorpusRoot(), "stores", "main-6875483.db"), StorePath);
        return StorePath;
    }

    private Task<SqliteStore> OpenAsync(bool create = false)
        => SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = StorePath, RepositoryRoot = _repo.Path, CreateIfMissing = create }, Ct);

    private static List<string> Query(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString())));
        }
        return rows;
    }

    private static string Version(string path) => Assert.Single(Query(path, "SELECT value FROM meta WHERE key = 'schema_version'"));

    [Fact]
    public async Task Open_StoreWrittenByMain6875483_KeepsItsTasksLeasesAndHistory()
    {
        CopyFixture();
        Assert.Equal("1", Version(StorePath));
        var time = new FakeTimeProvider(FixtureTime);
        await using var store = await OpenAsync();
        await using var api = new LocalBaton(store, time);

        Assert.Equal(SqliteSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Version(StorePath));
        var tasks = (await api.ListTasksAsync(new TaskQuery(), Ct)).Value.ToDictionary(t => t.Id.Value);
        Assert.Equal(
            ["done-1:done", "leased-1:leased", "blocked-1:escalated", "ready-1:ready", "pending-1:pending"],
            tasks.Values.OrderBy(t => t.Seq).Select(t => $"{t.Id.Value}:{t.State.ToWire()}"));

        // The live lease, as it was granted: holder, id, expiry and the attempt it belongs to.
        var leased = (await api.ShowTaskAsync(new TaskId("leased-1"), Ct)).Value;
        Assert.Equal("w3", leased.Task.CurrentLease?.Worker.Value);
        Assert.Equal("l-01a24c23bbfe497f7263", leased.Task.CurrentLease?.Id.Value);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1796577340431), leased.Task.CurrentLease?.ExpiresAt);
        Assert.Equal(["1:w2:failed", "2:w3:"], leased.Attempts.Select(a => $"{a.Number}:{a.Worker.Value}:{a.Ending}"));
        Assert.Equal(4, leased.Task.MaxAttempts);

        // History: every report and event, and the done task's attempt now ends "done" (step 2's data fix).
        var done = (await api.ShowTaskAsync(new TaskId("done-1"), Ct)).Value;
        Assert.Equal("done", Assert.Single(done.Attempts).Ending);
        Assert.Equal(["wrote the greeting"], done.Reports.Select(r => r.Summary));
        Assert.Equal(3, Query(StorePath, "SELECT id FROM reports").Count);
        var events = (await api.ReadEventsAsync(0, 1000, TimeSpan.Zero, Ct)).Value;
        Assert.Equal(18, events.Count);
        Assert.Equal(Enumerable.Range(1, 18).Select(i => (long)i), events.Select(e => e.Id));

        // Workers and their counts, and the escalation in the inbox.
        var status = (await api.StatusAsync(Ct)).Value;
        Assert.Equal(["w1:1:1", "w2:0:1", "w3:0:0"], status.Workers.OrderBy(w => w.Name.Value).Select(w => $"{w.Name.Value}:{w.Done}:{w.Failed}"));
        var inbox = (await api.InboxAsync(Ct)).Value;
        Assert.Equal("blocked-1", Assert.Single(inbox).Detail.Task.Id.Value);
    }

    [Fact]
    public async Task Open_StoreWrittenByMain6875483_GoesOnWhereItStopped()
    {
        CopyFixture();
        var time = new FakeTimeProvider(FixtureTime);
        await using var store = await OpenAsync();
        await using var api = new LocalBaton(store, time);

        // The holder of the migrated lease renews it and reports; the task's json_valid check runs and passes.
        var heartbeat = await api.HeartbeatAsync(new HeartbeatRequest { Worker = new WorkerId("w3"), Task = new TaskId("leased-1"), Note = "nearly" }, Ct);
        Assert.True(heartbeat.IsOk, heartbeat.Error?.Message);
        await File.WriteAllTextAsync(Path.Combine(_repo.Path, "config.json"), """{"port": 7411}""", Ct);
        var report = await api.ReportAsync(new ReportRequest
        {
            TaskId = new TaskId("leased-1"),
            Worker = new WorkerId("w3"),
            Outcome = ReportOutcome.Done,
            Summary = "wrote the config",
            Files = ["config.json"],
        }, Ct);
        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal(TaskState.Done, report.Value.Task.State);
        Assert.True(report.Value.Checks?.Passed);

        // A worker with the label claims the ready task; the engineer resolves the escalation.
        var claim = await api.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w4"), Labels = ["docs"] }, Ct);
        Assert.True(claim.IsOk, claim.Error?.Message);
        Assert.Equal("ready-1", claim.Value.Task.Id.Value);
        var resolved = await api.ResolveAsync(new ResolveRequest { TaskId = new TaskId("blocked-1"), Action = "done", Note = "sqlite" }, Ct);
        Assert.True(resolved.IsOk, resolved.Error?.Message);
        Assert.Equal(TaskState.Done, resolved.Value.State);
        // Its dependent is released by the resolution: the dependency rows came through too.
        Assert.Equal(TaskState.Ready, (await api.ShowTaskAsync(new TaskId("pending-1"), Ct)).Value.Task.State);
        var events = (await api.ReadEventsAsync(18, 1000, TimeSpan.Zero, Ct)).Value;
        Assert.Equal(19, events[0].Id);
    }

    [Fact]
    public async Task Open_MigratedStore_HasTheSchemaOfANewStore()
    {
        CopyFixture();
        await (await OpenAsync()).DisposeAsync();
        var fresh = Path.Combine(_repo.Path, "fresh", ".baton", "baton.db");
        await (await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = fresh, CreateIfMissing = true }, Ct)).DisposeAsync();

        Assert.Equal(Shape(fresh), Shape(StorePath));
    }

    // Every table's columns (name, type, not null, default, key) and every index's definition.
    private static List<string> Shape(string path)
    {
        var tables = Query(path, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        var shape = tables.SelectMany(t => Query(path, $"SELECT '{t}', name, type, \"notnull\", COALESCE(dflt_value, ''), pk FROM pragma_table_info('{t}') ORDER BY cid")).ToList();
        shape.AddRange(Query(path, "SELECT name, tbl_name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name")
            .Select(i => string.Join(' ', i.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))));
        return shape;
    }

    [Fact]
    public async Task Open_StoreOfANewerSchema_IsRefusedAndLeftAsItWas()
    {
        CopyFixture();
        Query(StorePath, $"UPDATE meta SET value = '{SqliteSchema.Version + 1}' WHERE key = 'schema_version'");
        var before = await File.ReadAllBytesAsync(StorePath, Ct);

        var refused = await Assert.ThrowsAsync<StoreVersionException>(() => OpenAsync());

        Assert.Equal(SqliteSchema.Version + 1, refused.Found);
        Assert.Equal(SqliteSchema.Version, refused.Supported);
        Assert.Contains($"schema version {SqliteSchema.Version + 1}", refused.Message, StringComparison.Ordinal);
        Assert.Contains(StorePath, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(StorePath, Ct));
        Assert.False(File.Exists(StorePath + "-wal") && new FileInfo(StorePath + "-wal").Length > 0);
    }

    [Fact]
    public async Task Open_NewStore_IsMadeAtTheNewestVersion()
    {
        await (await OpenAsync(create: true)).DisposeAsync();

        Assert.Equal(SqliteSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Version(StorePath));
    }

    [Fact]
    public void Steps_LeadOneVersionAtATime_ToTheNewest()
    {
        Assert.Equal(Enumerable.Range(2, SqliteSchema.Version - 1), SqliteMigrations.Steps.Select(s => s.To));
        Assert.All(SqliteMigrations.Steps, s => Assert.False(string.IsNullOrWhiteSpace(s.Summary)));
    }

    [Fact]
    public async Task Prepare_StepThatFails_LeavesTheStoreAtTheLastVersionItReached()
    {
        CopyFixture();
        _ = SqliteStore.SqliteConfigured.Value;
        var steps = new List<SqliteMigration>(SqliteMigrations.Steps)
        {
            new(SqliteSchema.Version + 1, "adds a table, then fails", c =>
            {
                c.Exec("CREATE TABLE half_done(x INTEGER)");
                c.Exec("SELECT no_such_function()");
            }),
        };
        var connection = StoreConnection.Open(StorePath, create: false);
        await using (connection)
        {
            Assert.ThrowsAny<SqliteException>(() => SqliteSchema.Prepare(connection, StorePath, steps, SqliteSchema.Version + 1));
        }

        // Step 2 is kept (its own transaction); the failed one left nothing behind.
        Assert.Equal(SqliteSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Version(StorePath));
        Assert.Empty(Query(StorePath, "SELECT 1 FROM sqlite_master WHERE name = 'half_done'"));
    }

    [Fact]
    public async Task Open_OldStoreByTwoConnectionsAtOnce_MigratesItOnce()
    {
        CopyFixture();
        var opens = await Task.WhenAll(Task.Run(() => OpenAsync(), Ct), Task.Run(() => OpenAsync(), Ct));
        foreach (var store in opens)
        {
            await store.DisposeAsync();
        }

        Assert.Equal(SqliteSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Version(StorePath));
        Assert.Single(Query(StorePath, "SELECT 1 FROM pragma_table_info('events') WHERE name = 'actor'"));
        Assert.Equal(5, Query(StorePath, "SELECT id FROM tasks").Count);
    }
}
