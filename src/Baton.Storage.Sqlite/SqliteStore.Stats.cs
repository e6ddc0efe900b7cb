using Baton.Core.Life;
using Baton.Core.Stats;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
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
                    perTask[reader.GetString(0)] = reader.GetInt32(1);
                }
            }
            double? avgScore = null;
            var scores = 0;
            using (var reader = scope.Query("SELECT AVG(context_score), COUNT(context_score) FROM reports WHERE late = 0 AND context_score IS NOT NULL"))
            {
                if (reader.Read() && !reader.IsDBNull(0))
                {
                    (avgScore, scores) = (reader.GetDouble(0), reader.GetInt32(1));
                }
            }
            var firstPass = scope.Scalar("SELECT AVG(checks_passed) FROM attempts WHERE number = 1 AND checks_passed IS NOT NULL") as double?;
            // Every task that was tried counts, whatever became of it: an escalated task's attempts are the ones that matter most.
            var attemptsPerTask = scope.Scalar("SELECT AVG(attempts) FROM tasks WHERE attempts > 0") as double?;
            // A failure is detected when its task is handed back: a lost worker when its lease expires or its connection
            // drops (from its last sign of life), failed checks when they end (their run time), a failed report at once.
            var failures = new FailureTally();
            using (var reader = scope.Query(
                """
                SELECT ending, COUNT(*), SUM(CASE
                    WHEN ending = $expired OR ending = $lost THEN ended_at - COALESCE(last_heard_at, claimed_at)
                    WHEN ending = $checksFailed THEN COALESCE(json_extract(checks, '$.duration_ms'), 0)
                    ELSE 0 END)
                FROM attempts WHERE ending = $expired OR ending = $lost OR ending = $checksFailed OR ending = $failed GROUP BY ending
                """, ("$expired", AttemptEndings.Expired), ("$lost", AttemptEndings.Lost), ("$checksFailed", AttemptEndings.ChecksFailed),
                ("$failed", AttemptEndings.Failed)))
            {
                while (reader.Read())
                {
                    failures.Add(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2));
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
                SELECT COALESCE(SUM(a.ended_at - a.claimed_at), 0)
                FROM attempts a JOIN tasks t ON t.id = a.task_id
                WHERE t.state = $state AND (a.ending = $done OR a.ending = $checking) AND a.ended_at IS NOT NULL
                """, ("$state", StoredStates.Name(TaskState.Done)), ("$done", AttemptEndings.Done), ("$checking", AttemptEndings.Checking));
            return WithRoi(scope, StoreFigures.Stats(perTask, avgScore, scores, firstPass, attemptsPerTask, failures, handoffs, taskMs,
                (int)Count(scope, "SELECT COUNT(*) FROM tasks WHERE state = $state", ("$state", StoredStates.Name(TaskState.Done))),
                (int)Count(scope, "SELECT COUNT(*) FROM escalations WHERE resolved_at IS NULL")));
        }, cancellationToken);
}
