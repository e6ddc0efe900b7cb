using Baton.Core.Life;
using Baton.Core.Stats;
using Baton.Core.Tasks;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    // An attempt's queue wait: from the last time its task became ready (an event whose state is ready) up to its claim;
    // a claim with no ready event before it has no queue wait. ix_events_task serves the lookup. $1 is the ready state.
    private const string QueueWaitOf = """
        (a.claimed_at - (SELECT MAX(e.at) FROM events e WHERE e.task_id = a.task_id AND e.state = $1 AND e.at <= a.claimed_at))
        """;

    // Wall time and the coordination overhead (the ROI figures of baton stats), read in the stats snapshot.
    private static StatsSnapshot WithRoi(StoreScope scope, StatsSnapshot stats)
    {
        long? wall = null;
        long queueMs = 0, checksMs = 0, retryMs = 0;
        int queued = 0, checkRuns = 0, retried = 0;
        var ready = Arg.Text(StoredStates.Name(TaskState.Ready));
        using (var reader = scope.Query([
            // The first claim of any attempt to the last task finishing done: its done event is when it finished.
            ("SELECT (SELECT MIN(claimed_at) FROM attempts), (SELECT MAX(at) FROM events WHERE state = $1 AND task_id IS NOT NULL)",
                [Arg.Text(StoredStates.Name(TaskState.Done))]),
            ($"SELECT COUNT(w), COALESCE(SUM(w), 0)::bigint FROM (SELECT {QueueWaitOf} AS w FROM attempts a) waits", [ready]),
            ("SELECT COUNT(*), COALESCE(SUM((checks::jsonb ->> 'duration_ms')::bigint), 0)::bigint FROM attempts WHERE checks IS NOT NULL", []),
            ("SELECT COUNT(*), COALESCE(SUM(ended_at - claimed_at), 0)::bigint FROM attempts WHERE ended_at IS NOT NULL AND ending <> $1 AND ending <> $2",
                [Arg.Text(AttemptEndings.Done), Arg.Text(AttemptEndings.Checking)])]))
        {
            if (reader.Read() && !reader.IsDBNull(0) && !reader.IsDBNull(1))
            {
                wall = Math.Max(0, reader.GetInt64(1) - reader.GetInt64(0));
            }
            reader.NextResult();
            if (reader.Read())
            {
                (queued, queueMs) = (reader.Int(0), reader.GetInt64(1));
            }
            reader.NextResult();
            if (reader.Read())
            {
                (checkRuns, checksMs) = (reader.Int(0), reader.GetInt64(1));
            }
            reader.NextResult();
            if (reader.Read())
            {
                (retried, retryMs) = (reader.Int(0), reader.GetInt64(1));
            }
        }
        var tasks = (int)Count(scope, "SELECT COUNT(*) FROM tasks");
        var open = (int)Count(scope, "SELECT COUNT(*) FROM tasks WHERE state <> $1 AND state <> $2 AND state <> $3",
            Arg.Text(StoredStates.Name(TaskState.Done)), Arg.Text(StoredStates.Name(TaskState.Failed)), Arg.Text(StoredStates.Name(TaskState.Cancelled)));
        return StoreFigures.WithRoi(stats, wall, queued, queueMs, checkRuns, checksMs, retried, retryMs, tasks, open, StatsRows(scope));
    }

    // At most MaxTaskRows tasks: when there are more, the ones a reviewer wants to see (most interventions, then attempts,
    // then work time), shown in plan order.
    private static List<StatsTaskRow> StatsRows(StoreScope scope)
    {
        var rows = new List<(long Seq, StatsTaskRow Row)>();
        using var reader = scope.Query(
            $"""
            SELECT seq, id, title, state, attempts, interventions, queue_ms, work_ms, checks_ms FROM (
                SELECT t.seq, t.id, t.title, t.state, t.attempts,
                       (SELECT COUNT(*) FROM escalations x WHERE x.task_id = t.id AND x.resolved_at IS NOT NULL) AS interventions,
                       (SELECT COALESCE(SUM({QueueWaitOf}), 0)::bigint FROM attempts a WHERE a.task_id = t.id) AS queue_ms,
                       (SELECT COALESCE(SUM(a.ended_at - a.claimed_at), 0)::bigint FROM attempts a WHERE a.task_id = t.id AND a.ended_at IS NOT NULL) AS work_ms,
                       (SELECT COALESCE(SUM((a.checks::jsonb ->> 'duration_ms')::bigint), 0)::bigint FROM attempts a WHERE a.task_id = t.id AND a.checks IS NOT NULL) AS checks_ms
                FROM tasks t) rows
            ORDER BY interventions DESC, attempts DESC, work_ms DESC, seq LIMIT $2
            """,
            Arg.Text(StoredStates.Name(TaskState.Ready)), Arg.Long(StatsSnapshot.MaxTaskRows));
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), new StatsTaskRow
            {
                Id = new TaskId(reader.GetString(1)),
                Title = reader.GetString(2),
                State = StoredStates.Parse(reader.GetString(3), reader.GetString(1)),
                Attempts = reader.Int(4),
                Interventions = reader.Int(5),
                QueueWaitMs = reader.GetInt64(6),
                WorkMs = reader.GetInt64(7),
                ChecksMs = reader.GetInt64(8),
            }));
        }
        return rows.OrderBy(r => r.Seq).Select(r => r.Row).ToList();
    }
}
