using Baton.Core.Life;
using Baton.Core.Tasks;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    // What the hot path reads, for every write of a batch at once (WriteCache): the reported tasks (whole, with their
    // dependencies and whether any task depends on them), the reports kept under their keys, the claiming workers' rows,
    // the tasks a claim must see among the leased and checked ones, the first ready tasks (one per claim and a page more),
    // and one report id per report. All in the round trip that takes the lock.
    private const string PrefetchTasksSql =
        $"SELECT {TaskRows.Columns}, {TaskRows.DependsOn}, EXISTS (SELECT 1 FROM deps r WHERE r.depends_on = tasks.id) FROM tasks WHERE id = ANY($1)";

    private const string PrefetchKeysSql = $"SELECT {ReportColumns}, idempotency_key FROM reports WHERE task_id = ANY($1) AND idempotency_key = ANY($2)";

    private const string PrefetchWorkersSql = "SELECT capacity, labels, connected, last_seen, name FROM workers WHERE name = ANY($1)";

    internal const string PrefetchHoldingSql =
        $"SELECT {HoldingColumns} FROM tasks WHERE {PostgresSchema.HeldStates} AND (lease_expires_at <= $1 OR worker = ANY($2) OR files <> '[]')";

    private const string ReportIdsSql = "SELECT nextval(pg_get_serial_sequence('reports', 'id')) FROM generate_series(1, $1)";

    // The batch's cache, or null when none of its writes said what it will read.
    private static WriteCache? Prefetch(Session session, List<PendingWrite> batch)
    {
        var tasks = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<(string Task, string Key)>();
        var workers = new HashSet<string>(StringComparer.Ordinal);
        var reports = 0;
        var claims = 0;
        DateTimeOffset? latest = null;
        foreach (var pending in batch)
        {
            if (pending.Hint is not { } hint)
            {
                continue;
            }
            if (hint.ReportedTask is { } task)
            {
                tasks.Add(task);
                reports++;
                if (hint.IdempotencyKey is { } key)
                {
                    keys.Add((task, key));
                }
            }
            if (hint.ClaimingWorker is { } worker)
            {
                workers.Add(worker);
                claims++;
                latest = latest is { } l && l > hint.Now ? l : hint.Now;
            }
        }
        if (tasks.Count == 0 && workers.Count == 0)
        {
            return null;
        }
        var queries = new List<(string, NpgsqlParameter[])>(6);
        if (tasks.Count > 0)
        {
            queries.Add((PrefetchTasksSql, [Arg.Texts([.. tasks])]));
            queries.Add((ReportIdsSql, [Arg.Long(reports)]));
        }
        if (keys.Count > 0)
        {
            queries.Add((PrefetchKeysSql, [Arg.Texts([.. keys.Select(k => k.Task)]), Arg.Texts([.. keys.Select(k => k.Key)])]));
        }
        if (workers.Count > 0)
        {
            queries.Add((PrefetchWorkersSql, [Arg.Texts([.. workers])]));
            queries.Add((PrefetchHoldingSql, [Arg.Long(Ms(latest!.Value)), Arg.Texts([.. workers])]));
        }
        // The claims choose among the first ready tasks; a done report asks whether the plan is complete, which a ready
        // task answers.
        queries.Add((ReadySql, [Arg.Text(StoredStates.Name(TaskMachine.ClaimableState)), Arg.Long(claims + FirstPage)]));
        var cache = new WriteCache();
        using var reader = session.Query(queries.ToArray());
        if (tasks.Count > 0)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read())
            {
                var row = TaskRows.ReadBoth(reader, TaskRows.ReadDependsOn(reader, TaskRows.ColumnCount));
                found.Add(row.Task.Id.Value);
                cache.AddTask(row.Task.Id.Value, row, reader.GetBoolean(TaskRows.ColumnCount + 1));
            }
            foreach (var missing in tasks.Except(found))
            {
                cache.AddTask(missing, null, false);
            }
            reader.NextResult();
            while (reader.Read())
            {
                cache.AddReportId(reader.GetInt64(0));
            }
            reader.NextResult();
        }
        if (keys.Count > 0)
        {
            var kept = new Dictionary<(string, string), ReportRecord>();
            while (reader.Read())
            {
                var report = ReadReport(reader);
                kept[(report.TaskId.Value, reader.GetString(ReportAt.At + 1))] = report;
            }
            foreach (var key in keys)
            {
                cache.AddKey(key.Task, key.Key, kept.GetValueOrDefault(key));
            }
            reader.NextResult();
        }
        if (workers.Count > 0)
        {
            var known = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read())
            {
                var name = reader.GetString(4);
                known.Add(name);
                cache.AddWorker(name, WorkerRowOf(reader));
            }
            foreach (var missing in workers.Except(known))
            {
                cache.AddWorker(missing, null);
            }
            reader.NextResult();
            cache.SetHolding(ReadHolding(reader), workers, latest!.Value);
            reader.NextResult();
        }
        var page = ReadReadyPage(reader);
        cache.SetReady(page, page.Count < claims + FirstPage ? null : (page[^1].Task.Priority, page[^1].Task.Seq));
        return cache;
    }
}
