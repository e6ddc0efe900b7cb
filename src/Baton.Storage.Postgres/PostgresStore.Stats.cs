using Baton.Core.Life;
using Baton.Core.Stats;
using Baton.Core.Tasks;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc/>
    public Task<StatsSnapshot> StatsAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => SnapshotAsync(scope =>
        {
            var perTask = new Dictionary<string, int>(StringComparer.Ordinal);
            using (var reader = scope.Query("SELECT task_id, COUNT(*) FROM escalations WHERE resolved_at IS NOT NULL GROUP BY task_id ORDER BY task_id"))
            {
                while (reader.Read())
                {
                    perTask[reader.GetString(0)] = reader.Int(1);
                }
            }
            double? avgScore = null;
            var scores = 0;
            using (var reader = scope.Query("SELECT AVG(context_score)::float8, COUNT(context_score) FROM reports WHERE late = 0 AND context_score IS NOT NULL"))
            {
                if (reader.Read() && !reader.IsDBNull(0))
                {
                    (avgScore, scores) = (reader.GetDouble(0), reader.Int(1));
                }
            }
            var firstPass = scope.Scalar("SELECT AVG(checks_passed)::float8 FROM attempts WHERE number = 1 AND checks_passed IS NOT NULL") as double?;
            // Every task that was tried counts, whatever became of it: an escalated task's attempts are the ones that matter most.
            var attemptsPerTask = scope.Scalar("SELECT AVG(attempts)::float8 FROM tasks WHERE attempts > 0") as double?;
            // A failure is detected when its task is handed back: a lost worker when its lease expires or its connection
            // drops (from its last sign of life), failed checks when they end (their run time), a failed report at once.
            var failures = new FailureTally();
            using (var reader = scope.Query(
                """
                SELECT ending, COUNT(*), COALESCE(SUM(CASE
                    WHEN ending = $1 OR ending = $2 THEN ended_at - COALESCE(last_heard_at, claimed_at)
                    WHEN ending = $3 THEN COALESCE((checks::jsonb ->> 'duration_ms')::bigint, 0)
                    ELSE 0 END), 0)::bigint
                FROM attempts WHERE ending = $1 OR ending = $2 OR ending = $3 OR ending = $4 GROUP BY ending
                """, Arg.Text(AttemptEndings.Expired), Arg.Text(AttemptEndings.Lost), Arg.Text(AttemptEndings.ChecksFailed),
                Arg.Text(AttemptEndings.Failed)))
            {
                while (reader.Read())
                {
                    failures.Add(reader.GetString(0), reader.Int(1), reader.GetInt64(2));
                }
            }
            var handoffs = new List<long>();
            using (var reader = scope.Query("SELECT handoff_ms FROM attempts WHERE handoff_ms IS NOT NULL ORDER BY handoff_ms"))
            {
                while (reader.Read())
                {
                    handoffs.Add(reader.GetInt64(0));
                }
            }
            // Serial time: what the done tasks' done attempts took, claim to report (wall time is read with the ROI figures).
            var taskMs = Count(scope,
                """
                SELECT COALESCE(SUM(a.ended_at - a.claimed_at), 0)::bigint
                FROM attempts a JOIN tasks t ON t.id = a.task_id
                WHERE t.state = $1 AND (a.ending = $2 OR a.ending = $3) AND a.ended_at IS NOT NULL
                """, Arg.Text(StoredStates.Name(TaskState.Done)), Arg.Text(AttemptEndings.Done), Arg.Text(AttemptEndings.Checking));
            return WithRoi(scope, StoreFigures.Stats(perTask, avgScore, scores, firstPass, attemptsPerTask, failures, handoffs, taskMs,
                (int)Count(scope, "SELECT COUNT(*) FROM tasks WHERE state = $1", Arg.Text(StoredStates.Name(TaskState.Done))),
                (int)Count(scope, "SELECT COUNT(*) FROM escalations WHERE resolved_at IS NULL")));
        }, cancellationToken);
}
