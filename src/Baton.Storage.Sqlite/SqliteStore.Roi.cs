using Baton.Core.Life;
using Baton.Core.Stats;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // An attempt's queue wait: from the last time its task became ready (an event whose state is ready: added
    // ready, its dependencies done, handed back after a failure, a lost lease or a release, or retried by the
    // engineer) up to its claim. Every way to ready appends such an event, so the events say it exactly; a claim
    // with no ready event before it (none is known) has no queue wait. ix_events_task serves the lookup.
    private const string QueueWaitOf = """
        (a.claimed_at - (SELECT MAX(e.at) FROM events e WHERE e.task_id = a.task_id AND e.state = $ready AND e.at <= a.claimed_at))
        """;

    private static readonly (string Name, object? Value)[] ReadyArg = [("$ready", StoredStates.Name(TaskState.Ready))];

    // Wall time and the coordination overhead (the ROI figures of baton stats), read in the stats snapshot.
    private static StatsSnapshot WithRoi(StoreScope scope, StatsSnapshot stats)
    {
        long? wall = null;
        // The first claim of any attempt to the last task finishing done: its done event (a done report, passed
        // checks, or the engineer resolving it done) is when it finished.
        using (var reader = scope.Query(
            """
            SELECT (SELECT MIN(claimed_at) FROM attempts),
                   (SELECT MAX(at) FROM events WHERE state = $done AND task_id IS NOT NULL)
            """, ("$done", StoredStates.Name(TaskState.Done))))
        {
            if (reader.Read() && !reader.IsDBNull(0) && !reader.IsDBNull(1))
            {
                wall = Math.Max(0, reader.GetInt64(1) - reader.GetInt64(0));
            }
        }
        long queueMs = 0, checksMs = 0, retryMs = 0;
        int queued = 0, checkRuns = 0, retried = 0;
        using (var reader = scope.Query($"SELECT COUNT(w), COALESCE(SUM(w), 0) FROM (SELECT {QueueWaitOf} AS w FROM attempts a)", ReadyArg))
        {
            if (reader.Read())
            {
                (queued, queueMs) = (reader.GetInt32(0), reader.GetInt64(1));
            }
        }
        using (var reader = scope.Query("SELECT COUNT(*), COALESCE(SUM(json_extract(checks, '$.duration_ms')), 0) FROM attempts WHERE checks IS NOT NULL"))
        {
            if (reader.Read())
            {
                (checkRuns, checksMs) = (reader.GetInt32(0), reader.GetInt64(1));
            }
        }
        using (var reader = scope.Query(
            "SELECT COUNT(*), COALESCE(SUM(ended_at - claimed_at), 0) FROM attempts WHERE ended_at IS NOT NULL AND ending <> $done AND ending <> $checking",
            ("$done", AttemptEndings.Done), ("$checking", AttemptEndings.Checking)))
        {
            if (reader.Read())
            {
                (retried, retryMs) = (reader.GetInt32(0), reader.GetInt64(1));
            }
        }
        var tasks = (int)Count(scope, "SELECT COUNT(*) FROM tasks");
        var open = (int)Count(scope, "SELECT COUNT(*) FROM tasks WHERE state <> $done AND state <> $failed AND state <> $cancelled",
            ("$done", StoredStates.Name(TaskState.Done)), ("$failed", StoredStates.Name(TaskState.Failed)), ("$cancelled", StoredStates.Name(TaskState.Cancelled)));
        return StoreFigures.WithRoi(stats, wall, queued, queueMs, checkRuns, checksMs, retried, retryMs, tasks, open, StatsRows(scope));
    }

    // At most MaxTaskRows tasks: when there are more, the ones a reviewer wants to see (most interventions, then
    // attempts, then work time), shown in plan order.
    private static List<StatsTaskRow> StatsRows(StoreScope scope)
    {
        var rows = new List<(long Seq, StatsTaskRow Row)>();
        using var reader = scope.Query(
            $"""
            SELECT seq, id, title, state, attempts, interventions, queue_ms, work_ms, checks_ms FROM (
                SELECT t.seq, t.id, t.title, t.state, t.attempts,
                       (SELECT COUNT(*) FROM escalations x WHERE x.task_id = t.id AND x.resolved_at IS NOT NULL) AS interventions,
                       (SELECT COALESCE(SUM({QueueWaitOf}), 0) FROM attempts a WHERE a.task_id = t.id) AS queue_ms,
                       (SELECT COALESCE(SUM(a.ended_at - a.claimed_at), 0) FROM attempts a WHERE a.task_id = t.id AND a.ended_at IS NOT NULL) AS work_ms,
                       (SELECT COALESCE(SUM(json_extract(a.checks, '$.duration_ms')), 0) FROM attempts a WHERE a.task_id = t.id AND a.checks IS NOT NULL) AS checks_ms
                FROM tasks t)
            ORDER BY interventions DESC, attempts DESC, work_ms DESC, seq LIMIT $max
            """,
            ("$max", StatsSnapshot.MaxTaskRows), ReadyArg[0]);
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), new StatsTaskRow
            {
                Id = new TaskId(reader.GetString(1)),
                Title = reader.GetString(2),
                State = StoredStates.Parse(reader.GetString(3), reader.GetString(1)),
                Attempts = reader.GetInt32(4),
                Interventions = reader.GetInt32(5),
                QueueWaitMs = reader.GetInt64(6),
                WorkMs = reader.GetInt64(7),
                ChecksMs = reader.GetInt64(8),
            }));
        }
        return rows.OrderBy(r => r.Seq).Select(r => r.Row).ToList();
    }
}
