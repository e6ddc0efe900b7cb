namespace Baton.Storage.Sqlite;

/// <summary>The store's tables. Instants are Unix milliseconds (UTC); lists are JSON text.</summary>
internal static class SqliteSchema
{
    public const int Version = 1;

    /// <summary>Columns added since the first release, for stores made before them: <c>events.actor</c> (who made
    /// the change, for the audit trail). Two processes opening an old store at once may both add it; the second
    /// finds it there.</summary>
    public static void AddMissingColumns(StoreConnection connection)
    {
        if (new StoreScope(connection).Scalar("SELECT 1 FROM pragma_table_info('events') WHERE name = 'actor'") is not null)
        {
            return;
        }
        try
        {
            connection.Exec("ALTER TABLE events ADD COLUMN actor TEXT");
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
        {
        }
    }

    // ix_tasks_queue, (state, priority desc, seq), is what keeps a claim cheap with a million tasks stored: the claim
    // walks the ready tasks in claim order (TaskMachine.ClaimOrder) and stops at the first fit. The state is bound as a
    // parameter (no state is named in the store's SQL), so the index is a full one: a partial index on one state is
    // used only when the query names that state as a literal (SQLite re-prepares a statement whose bound value decides
    // a partial index, on every bind). It also serves every lookup by state (the leased set, expiry, counts), so it
    // replaces both ix_tasks_ready (partial, on the ready state) and ix_tasks_state, and a state change writes one index
    // entry instead of up to two; stores made before lose those two on open. Queries name it with INDEXED BY: without
    // ANALYZE statistics SQLite might otherwise prefer another index and sort.
    // ix_reports_named_files serves the conflict check of a done report with files ("late = 0 AND files <> '[]' AND
    // at >= since"), which otherwise scans every report. It holds only the reports that check can find (on time,
    // naming files; Core keeps the done ones), so a report without files writes no entry. It replaces
    // ix_reports_files, whose condition named an outcome.
    // Every index an insert touches costs its commit at least one more page in the WAL, and an index that grows
    // at its end about 1.5 (SQLite balances a full leaf with its siblings, rewriting them too; measured by
    // reading the frames of a WAL under 8 workers). So a transition keeps only the indexes a read needs:
    // - idempotency keys are looked up among the reports of the task reported on (through ix_reports_task:
    //   a retry repeats its task), not through an index of every key; stores made before lose that index;
    // - an attempt's lease id is never looked up, so it is not indexed (stores made before keep the UNIQUE
    //   constraint's index: SQLite cannot drop it without copying the table);
    // - attempts are stored in their primary key's order (WITHOUT ROWID): one b-tree instead of a table and
    //   its key's index. Stores made before keep their rowid table; the store's statements work on both.
    // Tasks, reports and events are never deleted, so their plain INTEGER PRIMARY KEY counts up like
    // AUTOINCREMENT would, without the sqlite_sequence update AUTOINCREMENT adds to every insert (a page of
    // its own in every commit that adds a task: one of the handoff's commits). Stores made before keep their
    // tables as they were (both forms behave the same).
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
        DROP INDEX IF EXISTS ix_tasks_ready;
        DROP INDEX IF EXISTS ix_tasks_state;
        DROP INDEX IF EXISTS ix_tasks_leased;
        DROP INDEX IF EXISTS ix_tasks_worker;
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
        DROP INDEX IF EXISTS ix_reports_key;
        CREATE INDEX IF NOT EXISTS ix_reports_task ON reports(task_id);
        CREATE INDEX IF NOT EXISTS ix_reports_named_files ON reports(at) WHERE late = 0 AND files <> '[]';
        DROP INDEX IF EXISTS ix_reports_files;
        DROP INDEX IF EXISTS ix_reports_done;
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
