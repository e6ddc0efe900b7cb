using System.Globalization;

namespace Baton.Storage.Sqlite;

/// <summary>
/// The store's tables (instants are Unix milliseconds, UTC; lists are JSON text) and their version. A new store is
/// made at <see cref="Version"/> by <see cref="Create"/>; an older one is brought forward by the steps of
/// <see cref="SqliteMigrations.Steps"/>, one transaction each, in order; a newer one is refused
/// (<see cref="StoreVersionException"/>). The version is the <c>schema_version</c> row of <c>meta</c>, which every
/// store has held since the first release (as <c>1</c>). docs/architecture.md says how to add a step.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The version this build writes: the <c>To</c> of the last migration step.</summary>
    public const int Version = 3;

    private const string VersionKey = "schema_version";

    /// <summary>Brings the store on <paramref name="connection"/> to <see cref="Version"/>: makes a new one, migrates
    /// an older one, refuses a newer one before changing anything. Several processes may open one store at once:
    /// each step takes the write lock (BEGIN IMMEDIATE) and looks at the version again under it, so a step runs once.</summary>
    /// <exception cref="StoreVersionException">The store was written by a newer Baton.</exception>
    public static void Prepare(StoreConnection connection, string path) => Prepare(connection, path, SqliteMigrations.Steps, Version);

    /// <summary><see cref="Prepare(StoreConnection, string)"/> with other steps (for the tests of a failing step).</summary>
    internal static void Prepare(StoreConnection connection, string path, IReadOnlyList<SqliteMigration> steps, int version)
    {
        // The usual case, every open of a store this build made: one read, no write lock.
        var found = ReadVersion(connection);
        if (found == version)
        {
            return;
        }
        Refuse(found, version, path);
        foreach (var step in steps)
        {
            InTransaction(connection, () =>
            {
                var now = ReadVersion(connection);
                Refuse(now, version, path);
                if (now is null)
                {
                    // A new store (or one another process is making): the whole schema at once, then no step.
                    connection.Exec(Create);
                    WriteVersion(connection, version);
                    return;
                }
                if (now.Value >= step.To)
                {
                    return;
                }
                if (now.Value != step.To - 1)
                {
                    throw new InvalidOperationException($"the store at {path} is at schema version {now.Value}, and no step leads from it to {step.To}");
                }
                step.Apply(connection);
                WriteVersion(connection, step.To);
            });
        }
        if (ReadVersion(connection) is null)
        {
            // No steps to run (a build at version 1): a new store still needs its tables.
            InTransaction(connection, () =>
            {
                if (ReadVersion(connection) is null)
                {
                    connection.Exec(Create);
                    WriteVersion(connection, version);
                }
            });
        }
    }

    // The version a store is at: its meta row; 1 for a store with tasks and no row (one made before meta was
    // written, or one whose first open died between its tables and its root); null for a new store.
    private static int? ReadVersion(StoreConnection connection)
    {
        var scope = new StoreScope(connection);
        if (scope.Scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'") is null)
        {
            return scope.Scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tasks'") is null ? null : 1;
        }
        return scope.Scalar("SELECT value FROM meta WHERE key = $key", ("$key", VersionKey)) switch
        {
            string text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
            string text => throw new InvalidOperationException($"the store's schema_version '{text}' is not a number"),
            _ => scope.Scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tasks'") is null ? null : 1,
        };
    }

    private static void WriteVersion(StoreConnection connection, int version)
        => new StoreScope(connection).Exec(
            "INSERT INTO meta(key, value) VALUES ($key, $version) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            ("$key", VersionKey), ("$version", version.ToString(CultureInfo.InvariantCulture)));

    private static void Refuse(int? found, int version, string path)
    {
        if (found > version)
        {
            throw new StoreVersionException(path, found.Value, version);
        }
    }

    private static void InTransaction(StoreConnection connection, Action work)
    {
        connection.Exec("BEGIN IMMEDIATE");
        try
        {
            work();
            connection.Exec("COMMIT");
        }
        catch
        {
            connection.RollBackIfOpen();
            throw;
        }
    }

    // ix_tasks_queue, (state, priority desc, seq), is what keeps a claim cheap with a million tasks stored: the claim
    // walks the ready tasks in claim order (TaskMachine.ClaimOrder) and stops at the first fit. The state is bound as a
    // parameter (no state is named in the store's SQL), so the index is a full one: a partial index on one state is
    // used only when the query names that state as a literal (SQLite re-prepares a statement whose bound value decides
    // a partial index, on every bind). It also serves every lookup by state (the leased set, expiry, counts), so it
    // replaces both ix_tasks_ready (partial, on the ready state) and ix_tasks_state, and a state change writes one index
    // entry instead of up to two; older stores trade them in migration 3. Queries name it with INDEXED BY: without
    // ANALYZE statistics SQLite might otherwise prefer another index and sort.
    // ix_reports_named_files serves the conflict check of a done report with files ("late = 0 AND files <> '[]' AND
    // at >= since"), which otherwise scans every report. It holds only the reports that check can find (on time,
    // naming files; Core keeps the done ones), so a report without files writes no entry. It replaces
    // ix_reports_files, whose condition named an outcome (migration 3).
    // Every index an insert touches costs its commit at least one more page in the WAL, and an index that grows
    // at its end about 1.5 (SQLite balances a full leaf with its siblings, rewriting them too; measured by
    // reading the frames of a WAL under 8 workers). So a transition keeps only the indexes a read needs:
    // - idempotency keys are looked up among the reports of the task reported on (through ix_reports_task:
    //   a retry repeats its task), not through an index of every key; stores made before lose that index (migration 2);
    // - an attempt's lease id is never looked up, so it is not indexed (stores made before keep the UNIQUE
    //   constraint's index: SQLite cannot drop it without copying the table);
    // - attempts are stored in their primary key's order (WITHOUT ROWID): one b-tree instead of a table and
    //   its key's index. Stores made before keep their rowid table; the store's statements work on both.
    // Tasks, reports and events are never deleted, so their plain INTEGER PRIMARY KEY counts up like
    // AUTOINCREMENT would, without the sqlite_sequence update AUTOINCREMENT adds to every insert (a page of
    // its own in every commit that adds a task: one of the handoff's commits). Stores made before keep their
    // tables as they were (both forms behave the same).
    /// <summary>The schema at <see cref="Version"/>, for a new store. A change here comes with a migration step that
    /// brings older stores to the same tables, columns and indexes (SqliteMigrationTests compares the two).</summary>
    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS tasks(
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            context TEXT NOT NULL,
            context_files TEXT NOT NULL,
            acceptance TEXT NOT NULL,
            files TEXT NOT NULL,
            labels TEXT NOT NULL,
            priority INTEGER NOT NULL,
            max_attempts INTEGER NOT NULL,
            lease_ms INTEGER,
            state TEXT NOT NULL,
            state_reason TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            pending_deps INTEGER NOT NULL DEFAULT 0,
            worker TEXT,
            lease_id TEXT,
            claimed_at INTEGER,
            lease_expires_at INTEGER,
            lease_length INTEGER,
            ready_at INTEGER,
            feedback TEXT,
            attempt_budget INTEGER NOT NULL DEFAULT 3,
            plan TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_tasks_queue ON tasks(state, priority DESC, seq);
        CREATE TABLE IF NOT EXISTS deps(
            task_id TEXT NOT NULL,
            depends_on TEXT NOT NULL,
            PRIMARY KEY(task_id, depends_on));
        CREATE INDEX IF NOT EXISTS ix_deps_reverse ON deps(depends_on);
        CREATE TABLE IF NOT EXISTS attempts(
            task_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            lease_id TEXT NOT NULL,
            worker TEXT NOT NULL,
            claimed_at INTEGER NOT NULL,
            ended_at INTEGER,
            ending TEXT,
            note TEXT,
            last_heard_at INTEGER,
            handoff_ms INTEGER,
            checks TEXT,
            checks_passed INTEGER,
            PRIMARY KEY(task_id, number)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS reports(
            id INTEGER PRIMARY KEY,
            task_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            worker TEXT NOT NULL,
            lease_id TEXT,
            outcome TEXT NOT NULL,
            summary TEXT NOT NULL,
            files TEXT NOT NULL,
            context_score INTEGER,
            notes TEXT,
            late INTEGER NOT NULL DEFAULT 0,
            refused_reason TEXT,
            idempotency_key TEXT,
            at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_reports_task ON reports(task_id);
        CREATE INDEX IF NOT EXISTS ix_reports_named_files ON reports(at) WHERE late = 0 AND files <> '[]';
        CREATE TABLE IF NOT EXISTS workers(
            name TEXT PRIMARY KEY,
            capacity INTEGER NOT NULL DEFAULT 1,
            labels TEXT NOT NULL DEFAULT '[]',
            connected INTEGER NOT NULL DEFAULT 0,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            busy_ms INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS escalations(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            task_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            reason TEXT NOT NULL,
            worker TEXT,
            conflicting_task TEXT,
            conflicting_worker TEXT,
            paths TEXT NOT NULL DEFAULT '[]',
            created_at INTEGER NOT NULL,
            resolved_at INTEGER,
            resolution TEXT,
            note TEXT);
        CREATE INDEX IF NOT EXISTS ix_escalations_open ON escalations(task_id) WHERE resolved_at IS NULL;
        CREATE TABLE IF NOT EXISTS events(
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            type TEXT NOT NULL,
            task_id TEXT,
            worker TEXT,
            state TEXT,
            message TEXT,
            data TEXT,
            actor TEXT);
        CREATE INDEX IF NOT EXISTS ix_events_task ON events(task_id);
        """;
}
