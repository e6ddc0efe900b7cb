using System.Globalization;
using Baton.Core.Life;
using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>
/// The PostgreSQL store's tables and their version: the SQLite store's tables and columns (its version 3), in
/// PostgreSQL's types (instants BIGINT Unix milliseconds, UTC; lists the same JSON text; every integer a BIGINT, as
/// SQLite's INTEGER is), plus what several hubs share: <c>access</c> (the hub key and the token list) and <c>hubs</c>.
/// A new store is made at <see cref="Version"/> by <see cref="Create"/>; an older one is brought forward by the steps of
/// <see cref="PostgresMigrations.Steps"/>, one transaction each; a newer one is refused before anything is written
/// (<see cref="PostgresStoreVersionException"/>). The version is the <c>schema_version</c> row of <c>meta</c>.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The version this build writes (the PostgreSQL store's own numbering).</summary>
    public const int Version = 3;

    /// <summary>Baton's advisory lock (<c>pg_advisory_xact_lock</c>): every write transaction of every process on the
    /// database takes it first, and so does making or migrating the schema. The bytes spell "baton" and a 1.</summary>
    public const long WriteLock = 0x6261746F6E_000001;

    private const string VersionKey = "schema_version";

    /// <summary>Brings the database to <see cref="Version"/>: makes a new store (when <paramref name="create"/>), migrates
    /// an older one, refuses a newer one before changing anything. Several processes may open one database at once: each
    /// step takes the write lock and looks at the version again under it, so the schema is made (or a step run) once.</summary>
    /// <exception cref="PostgresStoreVersionException">The store was written by a newer Baton.</exception>
    /// <exception cref="PostgresStoreException">The database holds no store and <paramref name="create"/> is false.</exception>
    public static Task PrepareAsync(NpgsqlConnection connection, string location, bool create, CancellationToken cancellationToken)
        => PrepareAsync(connection, location, create, PostgresMigrations.Steps, Version, cancellationToken);

    /// <summary><see cref="PrepareAsync(NpgsqlConnection, string, bool, CancellationToken)"/> with other steps (for tests).</summary>
    internal static async Task PrepareAsync(NpgsqlConnection connection, string location, bool create, IReadOnlyList<PostgresMigration> steps, int version,
        CancellationToken cancellationToken)
    {
        // The usual case, every open of a store this build made: one read, no lock.
        var found = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (found == version)
        {
            return;
        }
        Refuse(found, version, location);
        if (found is null && !create)
        {
            throw new PostgresStoreException(location,
                $"the database at {location} holds no Baton store (baton init --store {location} makes one)");
        }
        if (found is null)
        {
            await InTransactionAsync(connection, async now =>
            {
                if (now is null)
                {
                    await ExecAsync(connection, Create, cancellationToken).ConfigureAwait(false);
                    await WriteVersionAsync(connection, version, cancellationToken).ConfigureAwait(false);
                }
            }, location, version, cancellationToken).ConfigureAwait(false);
        }
        foreach (var step in steps)
        {
            await InTransactionAsync(connection, async now =>
            {
                if (now is null || now.Value >= step.To)
                {
                    return;
                }
                if (now.Value != step.To - 1)
                {
                    throw new InvalidOperationException($"the store at {location} is at schema version {now.Value}, and no step leads from it to {step.To}");
                }
                await step.Apply(connection, cancellationToken).ConfigureAwait(false);
                await WriteVersionAsync(connection, step.To, cancellationToken).ConfigureAwait(false);
            }, location, version, cancellationToken).ConfigureAwait(false);
        }
    }

    // A transaction under the write lock, given the version read again under it.
    private static async Task InTransactionAsync(NpgsqlConnection connection, Func<int?, Task> work, string location, int version, CancellationToken cancellationToken)
    {
        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection))
        {
            command.Parameters.Add(Arg.Long(WriteLock));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var now = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        Refuse(now, version, location);
        await work(now).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The version the store in the database is at; null when it holds none (no <c>meta</c> table, or no row).</summary>
    internal static async Task<int?> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // A query of the catalog, not to_regclass: that reads the session's catalog cache, which taking an advisory lock
        // does not bring up to date, so a second opener that waited for the first's lock still saw no table and made
        // the schema again. The catalog read takes the statement's snapshot, which sees the first one's commit.
        using (var exists = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'meta')", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return null;
            }
        }
        using var command = new NpgsqlCommand("SELECT value FROM meta WHERE key = $1", connection);
        command.Parameters.Add(Arg.Text(VersionKey));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) switch
        {
            string text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
            string text => throw new InvalidOperationException($"the store's schema_version '{text}' is not a number"),
            _ => null,
        };
    }

    private static async Task WriteVersionAsync(NpgsqlConnection connection, int version, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(
            "INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", connection);
        command.Parameters.Add(Arg.Text(VersionKey));
        command.Parameters.Add(Arg.Text(version.ToString(CultureInfo.InvariantCulture)));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Refuse(int? found, int version, string location)
    {
        if (found > version)
        {
            throw new PostgresStoreVersionException(location, found.Value, version);
        }
    }

    // The SQLite store's version 3, in PostgreSQL's types (its SqliteSchema.Create says why each index is there, and why
    // no other is: every index an insert touches costs the commit). Differences:
    // - tasks.seq, reports.id, escalations.id and events.id are identity columns. Every write takes Baton's write lock
    //   first, so ids are drawn and committed in order: a reader of `id > last` never misses a commit with a smaller id.
    // - deps.position keeps a task's dependencies in declared order (SQLite read them in rowid order).
    // - ix_tasks_queue is the ready index in claim order (TaskMachine.ClaimOrder); the state is bound, not named, so it is a
    //   full index, which also serves every lookup by state.
    // - ix_reports_named_files is ordered (at, id), as the conflict check reads it.
    // - ix_tasks_held (version 3) holds only the tasks in TaskMachine.ReservingStates, whose names its predicate spells
    //   out (HeldStates; the statements that use it must spell them the same, or the planner cannot prove they may). An
    //   update of a task writes a new row version and a new entry in every index that covers it; the old entries stay
    //   until VACUUM (autovacuum looks once a minute at most). The leased range of ix_tasks_queue so grew by an entry per
    //   claim, and every claim's holding read visited them all: 183 µs a read on average over a benchmark run, 0.6 ms
    //   5,000 claims in (docs/performance.md, "Several hubs on PostgreSQL"). In this index live entries are few (one per
    //   lease), plain index scans mark the dead ones (PostgresStore.PlannerOptions), and a leaf page that fills drops its
    //   marked entries instead of splitting, so it stays a page or two (under 30 µs a read 5,000 claims in) whatever the
    //   rate of claims.
    // - access and hubs: state that every hub on the database shares (the hub key and token list; the hubs running).
    /// <summary>The stored names of TaskMachine.ReservingStates as ix_tasks_held's predicate: a statement meant to use
    /// that index repeats this text (a bound list would not let the planner prove the predicate).</summary>
    public const string HeldStates = "state IN ('leased', 'checking')";

    /// <summary>Whether <see cref="HeldStates"/> names exactly the stored names of TaskMachine.ReservingStates (a test
    /// holds it; should Core's list change, the index needs a schema step).</summary>
    internal static bool HeldStatesMatchCore =>
        HeldStates == $"state IN ({string.Join(", ", StoredStates.Of(TaskMachine.ReservingStates).Select(name => $"'{name}'"))})";

    /// <summary>The schema at <see cref="Version"/>, for a new store.</summary>
    public const string Create = $"""
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE tasks(
            seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            context TEXT NOT NULL,
            context_files TEXT NOT NULL,
            acceptance TEXT NOT NULL,
            files TEXT NOT NULL,
            labels TEXT NOT NULL,
            priority BIGINT NOT NULL,
            max_attempts BIGINT NOT NULL,
            lease_ms BIGINT,
            state TEXT NOT NULL,
            state_reason TEXT,
            attempts BIGINT NOT NULL DEFAULT 0,
            pending_deps BIGINT NOT NULL DEFAULT 0,
            worker TEXT,
            lease_id TEXT,
            claimed_at BIGINT,
            lease_expires_at BIGINT,
            lease_length BIGINT,
            ready_at BIGINT,
            feedback TEXT,
            attempt_budget BIGINT NOT NULL DEFAULT 3,
            plan TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL);
        CREATE INDEX ix_tasks_queue ON tasks(state, priority DESC, seq);
        CREATE INDEX ix_tasks_held ON tasks(lease_expires_at) WHERE {HeldStates};
        CREATE TABLE deps(
            task_id TEXT NOT NULL,
            depends_on TEXT NOT NULL,
            position BIGINT NOT NULL,
            PRIMARY KEY(task_id, depends_on));
        CREATE INDEX ix_deps_reverse ON deps(depends_on);
        CREATE TABLE attempts(
            task_id TEXT NOT NULL,
            number BIGINT NOT NULL,
            lease_id TEXT NOT NULL,
            worker TEXT NOT NULL,
            claimed_at BIGINT NOT NULL,
            ended_at BIGINT,
            ending TEXT,
            note TEXT,
            last_heard_at BIGINT,
            handoff_ms BIGINT,
            checks TEXT,
            checks_passed BIGINT,
            PRIMARY KEY(task_id, number));
        CREATE TABLE reports(
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            task_id TEXT NOT NULL,
            attempt BIGINT NOT NULL,
            worker TEXT NOT NULL,
            lease_id TEXT,
            outcome TEXT NOT NULL,
            summary TEXT NOT NULL,
            files TEXT NOT NULL,
            context_score BIGINT,
            notes TEXT,
            late BIGINT NOT NULL DEFAULT 0,
            refused_reason TEXT,
            idempotency_key TEXT,
            at BIGINT NOT NULL);
        CREATE INDEX ix_reports_task ON reports(task_id);
        CREATE INDEX ix_reports_named_files ON reports(at, id) WHERE late = 0 AND files <> '[]';
        CREATE TABLE workers(
            name TEXT PRIMARY KEY,
            capacity BIGINT NOT NULL DEFAULT 1,
            labels TEXT NOT NULL DEFAULT '[]',
            connected BIGINT NOT NULL DEFAULT 0,
            first_seen BIGINT NOT NULL,
            last_seen BIGINT NOT NULL,
            done BIGINT NOT NULL DEFAULT 0,
            failed BIGINT NOT NULL DEFAULT 0,
            busy_ms BIGINT NOT NULL DEFAULT 0,
            hub TEXT);
        CREATE TABLE escalations(
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            task_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            reason TEXT NOT NULL,
            worker TEXT,
            conflicting_task TEXT,
            conflicting_worker TEXT,
            paths TEXT NOT NULL DEFAULT '[]',
            created_at BIGINT NOT NULL,
            resolved_at BIGINT,
            resolution TEXT,
            note TEXT);
        CREATE INDEX ix_escalations_open ON escalations(task_id) WHERE resolved_at IS NULL;
        CREATE TABLE events(
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            at BIGINT NOT NULL,
            type TEXT NOT NULL,
            task_id TEXT,
            worker TEXT,
            state TEXT,
            message TEXT,
            data TEXT,
            actor TEXT);
        CREATE INDEX ix_events_task ON events(task_id);
        CREATE TABLE access(key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at BIGINT NOT NULL);
        CREATE TABLE hubs(id TEXT PRIMARY KEY, url TEXT, started_at BIGINT NOT NULL, seen_at BIGINT NOT NULL);
        """;
}
