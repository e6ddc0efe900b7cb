namespace Baton.Storage.Sqlite;

/// <summary>
/// The steps that bring an older store forward, in order: step <c>N</c> leads from version <c>N - 1</c> to
/// <c>N</c> (<see cref="SqliteSchema.Prepare(StoreConnection, string)"/> runs them). A step is never changed once it
/// is on main: stores out there are at its version. To change the schema, append a step and change
/// <see cref="SqliteSchema.Create"/> and <see cref="SqliteSchema.Version"/> with it (docs/architecture.md).
/// </summary>
internal static class SqliteMigrations
{
    /// <summary>Every step, oldest first.</summary>
    public static IReadOnlyList<SqliteMigration> Steps { get; } =
    [
        new(2, "the one form of every store made before numbered migrations; attempts whose checks passed end in done", To2),
        new(3, "states bound as parameters: ix_tasks_queue for ix_tasks_ready and ix_tasks_state, ix_reports_named_files for ix_reports_files", To3),
    ];

    // The task life moved into Core (TaskMachine) and the store's SQL names no state: a partial index on one state is
    // of no use to a query that binds it, so the ready queue is a full (state, priority desc, seq) index, and the
    // conflict check's partial index no longer names the done outcome (SqliteSchema.Create says why).
    private static void To3(StoreConnection connection) => connection.Exec("""
        CREATE INDEX IF NOT EXISTS ix_tasks_queue ON tasks(state, priority DESC, seq);
        DROP INDEX IF EXISTS ix_tasks_ready;
        DROP INDEX IF EXISTS ix_tasks_state;
        DROP INDEX IF EXISTS ix_tasks_leased;
        DROP INDEX IF EXISTS ix_tasks_worker;
        CREATE INDEX IF NOT EXISTS ix_reports_named_files ON reports(at) WHERE late = 0 AND files <> '[]';
        DROP INDEX IF EXISTS ix_reports_files;
        DROP INDEX IF EXISTS ix_reports_done;
        """);

    // Version 1 is every store made before steps were numbered: each open ran the schema script below (tables and
    // indexes if missing, indexes no read needs dropped) and added events.actor, so stores of different ages came
    // to one form only on open. Step 2 does that once more, then fixes what the report path left: an attempt
    // whose checks passed kept the ending "checking" it had while they ran ('baton task show': "-> checking").
    private static void To2(StoreConnection connection)
    {
        connection.Exec(Version1);
        var scope = new StoreScope(connection);
        if (scope.Scalar("SELECT 1 FROM pragma_table_info('events') WHERE name = 'actor'") is null)
        {
            connection.Exec("ALTER TABLE events ADD COLUMN actor TEXT");
        }
        scope.Exec("UPDATE attempts SET ending = 'done' WHERE ending = 'checking' AND checks_passed = 1");
    }

    // The schema script as main at 6875483 ran it on every open (frozen: it is what version 1 means).
    private const string Version1 = """
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
        CREATE INDEX IF NOT EXISTS ix_tasks_ready ON tasks(priority DESC, seq) WHERE state = 'ready';
        CREATE INDEX IF NOT EXISTS ix_tasks_state ON tasks(state);
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
        CREATE INDEX IF NOT EXISTS ix_reports_files ON reports(at) WHERE outcome = 'done' AND late = 0 AND files <> '[]';
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
