using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Storage.Sqlite;
using Baton.Storage.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Tests;

/// <summary>The indexes a store keeps: only those some read needs, since each costs every commit that touches it
/// WAL pages; and stores made before are brought in line when opened.</summary>
public sealed class SqliteSchemaTests : IDisposable
{
    private readonly StoreFile _file = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _file.Dispose();

    private Task<SqliteStore> OpenAsync() => _file.OpenAsync(create: true);

    private List<string> Query(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
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

    private List<string> IndexesOf(string table)
        => Query($"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' ORDER BY name");

    [Fact]
    public async Task NewStore_IndexesAttemptsAndReportsOnlyWhereAReadNeedsIt()
    {
        await (await OpenAsync()).DisposeAsync();
        // attempts: stored in its primary key's order (task_id, number), so no index of its own; the lease id is
        // never looked up.
        Assert.Empty(IndexesOf("attempts"));
        Assert.Single(Query("SELECT 1 FROM sqlite_master WHERE name = 'attempts' AND sql LIKE '%WITHOUT ROWID'"));
        Assert.Equal(["ix_reports_named_files", "ix_reports_task"], IndexesOf("reports"));
    }

    [Fact]
    public async Task NewStore_NumbersTasksInOrderWithoutTheSequenceTable()
    {
        var now = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
        await using (var store = await OpenAsync())
        {
            Assert.True((await store.ImportAsync([Specs.Task("b"), Specs.Task("a")], null, [], now, Ct)).IsOk);
            Assert.True((await store.ImportAsync([Specs.Task("c")], null, [], now, Ct)).IsOk);
        }
        Assert.Empty(Query("SELECT 1 FROM sqlite_master WHERE name = 'tasks' AND sql LIKE '%AUTOINCREMENT%'"));
        Assert.Empty(Query("SELECT 1 FROM sqlite_sequence WHERE name = 'tasks'"));
        Assert.Equal(["1|b", "2|a", "3|c"], Query("SELECT seq, id FROM tasks ORDER BY seq"));
    }

    [Fact]
    public async Task StoreMadeBefore_KeepsItsAutoincrementTasks_AndNumbersOnFromItsSequence()
    {
        // The tasks table as this schema used to make it, and a sequence past its last row (a rolled-back import).
        Directory.CreateDirectory(Path.GetDirectoryName(_file.Path)!);
        Query(SqliteSchema.Create.Replace("seq INTEGER PRIMARY KEY,", "seq INTEGER PRIMARY KEY AUTOINCREMENT,", StringComparison.Ordinal));
        Query("INSERT INTO sqlite_sequence(name, seq) VALUES ('tasks', 41)");
        var now = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
        await using (var store = await OpenAsync())
        {
            Assert.True((await store.ImportAsync([Specs.Task("a"), Specs.Task("b")], null, [], now, Ct)).IsOk);
        }
        Assert.Equal(["42|a", "43|b"], Query("SELECT seq, id FROM tasks ORDER BY seq"));
        Assert.Equal("43", Assert.Single(Query("SELECT seq FROM sqlite_sequence WHERE name = 'tasks'")));
    }

    [Fact]
    public async Task ConflictCheck_ReadsThePartialIndexOfReportsWithFiles()
    {
        await (await OpenAsync()).DisposeAsync();
        var plan = string.Join("\n", Query("EXPLAIN QUERY PLAN " + ScopeReads.ChangesSinceSql.Replace("$id", "'x'").Replace("$since", "0")));
        Assert.Contains("ix_reports_named_files", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN reports", plan.Replace("SCAN reports USING INDEX", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreMadeBefore_LosesTheIndexesNoReadNeeds_AndStillReplaysAReport()
    {
        // The attempts table as this schema used to make it: a rowid table, its key's index and a unique lease id.
        Directory.CreateDirectory(Path.GetDirectoryName(_file.Path)!);
        Query("""
            CREATE TABLE attempts(task_id TEXT NOT NULL, number INTEGER NOT NULL, lease_id TEXT NOT NULL UNIQUE, worker TEXT NOT NULL,
                claimed_at INTEGER NOT NULL, ended_at INTEGER, ending TEXT, note TEXT, last_heard_at INTEGER, handoff_ms INTEGER,
                checks TEXT, checks_passed INTEGER, PRIMARY KEY(task_id, number));
            """);
        var now = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
        var request = new ReportRequest { TaskId = new TaskId("a"), Worker = new WorkerId("w1"), Outcome = ReportOutcome.Done, Summary = "did a", IdempotencyKey = "k-1" };
        Baton.Core.Errors.Result<ReportResult> first;
        await using (var store = await OpenAsync())
        {
            Assert.True((await store.ImportAsync([Specs.Task("a")], null, [], now, Ct)).IsOk);
            Assert.True((await store.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1") }, TimeSpan.FromMinutes(5), now, Ct)).IsOk);
            first = await store.ReportAsync(request, now, Ct);
            Assert.True(first.IsOk, first.Error?.Message);
        }
        // The indexes this schema used to make, in a store of the version that made them.
        Query("""
            CREATE UNIQUE INDEX ix_reports_key ON reports(idempotency_key) WHERE idempotency_key IS NOT NULL; CREATE INDEX ix_reports_done ON reports(outcome, late, at);
            CREATE INDEX ix_reports_files ON reports(at) WHERE outcome = 'done' AND late = 0 AND files <> '[]';
            CREATE INDEX ix_tasks_ready ON tasks(priority DESC, seq) WHERE state = 'ready'; CREATE INDEX ix_tasks_state ON tasks(state);
            UPDATE meta SET value = '1' WHERE key = 'schema_version';
            """);
        Assert.Equal(["ix_reports_done", "ix_reports_files", "ix_reports_key", "ix_reports_named_files", "ix_reports_task"], IndexesOf("reports"));

        await using (var store = await OpenAsync())
        {
            Assert.Equal(["ix_reports_named_files", "ix_reports_task"], IndexesOf("reports"));
            Assert.Equal(["sqlite_autoindex_attempts_1", "sqlite_autoindex_attempts_2"], IndexesOf("attempts"));
            Assert.Equal("done", Assert.Single(Query("SELECT ending FROM attempts WHERE task_id = 'a' AND number = 1")));
            var retry = await store.ReportAsync(request, now, Ct);
            Assert.True(retry.Value.Replayed);
            Assert.Equal(first.Value.Report.Id, retry.Value.Report.Id);
        }
    }
}
