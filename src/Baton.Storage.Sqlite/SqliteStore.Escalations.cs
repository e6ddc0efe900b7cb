using System.Text.Json;
using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Globs;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private sealed record Conflict(string Kind, string Reason, string? OtherTask, string? OtherWorker, IReadOnlyList<string> Paths);

    // The other tasks' done reports that named files since a claim, oldest first. Its terms include
    // ix_reports_files's condition word for word, which lets SQLite use that partial index, and it is ordered
    // as the index is, (at, rowid): ordered by id alone, SQLite chose to scan every report in rowid order
    // instead (a test holds the plan).
    internal const string DoneReportsWithFilesSince =
        "SELECT task_id, worker, files FROM reports WHERE task_id <> $id AND outcome = 'done' AND late = 0 AND at >= $since AND files <> '[]' ORDER BY at, id";

    // Invariant 4 at report time: a done report's files must not touch files another task holds now or
    // changed since this task was claimed, and must stay inside the task's own globs (unless the task
    // leaves that to a files_within check, which then fails instead).
    private static Conflict? FindConflict(StoreScope scope, TaskItem task, IReadOnlyList<string> reported, long claimedAt)
    {
        var id = task.Id.Value;
        if (reported.Count == 0)
        {
            return null;
        }
        var paths = reported.Select(f => ReportedFile.Parse(f).Path).Distinct(StringComparer.Ordinal).ToList();
        using (var reader = scope.Query("SELECT id, worker, files FROM tasks WHERE state IN ('leased', 'checking') AND files <> '[]' AND id <> $id", ("$id", id)))
        {
            while (reader.Read())
            {
                var globs = StringsFromJson(reader.GetString(2));
                var hit = paths.Where(p => GlobMatcher.IsMatchAny(globs, p)).ToList();
                if (hit.Count > 0)
                {
                    var other = reader.GetString(0);
                    var otherWorker = reader.IsDBNull(1) ? null : reader.GetString(1);
                    return new Conflict(EscalationKinds.OverlappingEdit,
                        $"conflict: changed {string.Join(", ", hit)}, reserved by {other} (held by {otherWorker ?? "nobody"})", other, otherWorker, hit);
                }
            }
        }
        using (var reader = scope.Query(DoneReportsWithFilesSince, ("$id", id), ("$since", claimedAt)))
        {
            while (reader.Read())
            {
                var theirs = StringsFromJson(reader.GetString(2)).Select(f => ReportedFile.Parse(f).Path).ToHashSet(StringComparer.Ordinal);
                var hit = paths.Where(theirs.Contains).ToList();
                if (hit.Count > 0)
                {
                    var other = reader.GetString(0);
                    var otherWorker = reader.GetString(1);
                    return new Conflict(EscalationKinds.OverlappingEdit,
                        $"conflict: changed {string.Join(", ", hit)}, also changed by {other} ({otherWorker}) since this task was claimed", other, otherWorker, hit);
                }
            }
        }
        if (task.Files.Count > 0 && !task.Acceptance.Any(a => a.CheckKind == "files_within"))
        {
            var outside = paths.Where(p => !GlobMatcher.IsMatchAny(task.Files, p)).ToList();
            if (outside.Count > 0)
            {
                return new Conflict(EscalationKinds.OutsideFiles,
                    $"conflict: changed {string.Join(", ", outside)}, outside the task's files ({string.Join(", ", task.Files)})", null, null, outside);
            }
        }
        return null;
    }

    private static void RaiseEscalation(StoreScope scope, string taskId, string kind, string reason, string? worker,
        string? conflictingTask, string? conflictingWorker, IReadOnlyList<string> paths, long now)
    {
        scope.Exec(
            """
            INSERT INTO escalations(task_id, kind, reason, worker, conflicting_task, conflicting_worker, paths, created_at)
            VALUES ($task, $kind, $reason, $worker, $other, $otherWorker, $paths, $now)
            """,
            ("$task", taskId), ("$kind", kind), ("$reason", reason), ("$worker", worker), ("$other", conflictingTask),
            ("$otherWorker", conflictingWorker), ("$paths", ToJson(paths)), ("$now", now));
        scope.AppendEvent(now, EventTypes.TaskEscalated, taskId, worker, "escalated", $"{taskId} needs the engineer ({kind}): {reason}");
    }

    /// <inheritdoc/>
    public Task<Result<TaskItem>> CompleteChecksAsync(TaskId taskId, int attempt, CheckReport report, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return WriteAsync(scope =>
        {
            var at = Ms(now);
            var id = taskId.Value;
            string state, worker;
            long attempts, maxAttempts;
            using (var reader = scope.Query("SELECT state, worker, attempts, max_attempts FROM tasks WHERE id = $id", ("$id", id)))
            {
                if (!reader.Read())
                {
                    return Result<TaskItem>.Fail(ErrorCode.NotFound, $"no task '{id}'");
                }
                (state, worker, attempts, maxAttempts) = (reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3));
            }
            if (state != "checking" || attempts != attempt)
            {
                return Result<TaskItem>.Fail(ErrorCode.IllegalTransition, $"{id} is not being checked for attempt {attempt} (it is {state}, attempt {attempts})");
            }
            // A pass ends the attempt in done (it ended in "checking" while they ran); a failure in checks_failed, below.
            scope.Exec("UPDATE attempts SET checks = $checks, checks_passed = $passed, ending = CASE WHEN $passed = 1 THEN 'done' ELSE ending END WHERE task_id = $id AND number = $n",
                ("$checks", JsonSerializer.Serialize(report, StoreJsonContext.Default.CheckReport)), ("$passed", report.Passed ? 1 : 0), ("$id", id), ("$n", attempt));
            if (report.Passed)
            {
                scope.AppendEvent(at, EventTypes.TaskDone, id, worker, "done", $"{id} passed its {report.Results.Count} acceptance check(s)");
                // The reason set while the checks ran ("acceptance checks are running") no longer holds.
                scope.Exec("UPDATE tasks SET state_reason = $why WHERE id = $id", ("$why", $"passed its {report.Results.Count} acceptance check(s)"), ("$id", id));
                FinishDone(scope, id, worker, at);
                return Result<TaskItem>.Ok(LoadTask(scope, id)!);
            }
            var feedback = report.Feedback();
            var failed = string.Join("; ", report.Failures.Select(f => f.Message));
            scope.Exec("UPDATE attempts SET ending = 'checks_failed' WHERE task_id = $id AND number = $n", ("$id", id), ("$n", attempt));
            scope.Exec("UPDATE workers SET failed = failed + 1 WHERE name = $worker", ("$worker", worker));
            scope.AppendEvent(at, EventTypes.ChecksFailed, id, worker, null, $"{id}: acceptance checks failed on attempt {attempt}: {failed}");
            var exhausted = attempts >= maxAttempts;
            var reason = exhausted
                ? $"acceptance checks failed on attempt {attempt} of {maxAttempts}: attempts exhausted: {failed}"
                : $"acceptance checks failed on attempt {attempt} of {maxAttempts}: {failed}";
            scope.Exec(
                """
                UPDATE tasks SET state = $state, state_reason = $reason, feedback = $feedback, worker = NULL,
                       lease_expires_at = NULL, ready_at = $now, updated_at = $now WHERE id = $id
                """,
                ("$state", exhausted ? "escalated" : "ready"), ("$reason", reason), ("$feedback", feedback), ("$now", at), ("$id", id));
            if (exhausted)
            {
                RaiseEscalation(scope, id, EscalationKinds.ChecksFailed, reason, worker, null, null, [], at);
            }
            else
            {
                scope.AppendEvent(at, EventTypes.TaskReady, id, null, "ready", $"{id} is ready again for attempt {attempt + 1}");
            }
            return Result<TaskItem>.Ok(LoadTask(scope, id)!);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<Result<TaskItem>> EscalateAsync(TaskId taskId, string kind, string reason, string? feedback, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(scope =>
        {
            var at = Ms(now);
            var task = LoadTask(scope, taskId.Value);
            if (task is null)
            {
                return Result<TaskItem>.Fail(ErrorCode.NotFound, $"no task '{taskId.Value}'");
            }
            if (task.State is TaskState.Escalated or TaskState.Cancelled)
            {
                return Result<TaskItem>.Fail(ErrorCode.IllegalTransition, $"{taskId.Value} is already {task.State.ToWire()}");
            }
            scope.Exec(
                """
                UPDATE tasks SET state = 'escalated', state_reason = $reason, feedback = COALESCE($feedback, feedback),
                       worker = NULL, lease_id = NULL, claimed_at = NULL, lease_expires_at = NULL, updated_at = $now WHERE id = $id
                """,
                ("$reason", reason), ("$feedback", feedback), ("$now", at), ("$id", taskId.Value));
            RaiseEscalation(scope, taskId.Value, kind, reason, task.CurrentLease?.Worker.Value, null, null, [], at);
            return Result<TaskItem>.Ok(LoadTask(scope, taskId.Value)!);
        }, cancellationToken);
}
