using System.Diagnostics;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc/>
    public Task<Result<ReportResult>> ReportAsync(ReportRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContextScore is < 1 or > 5)
        {
            return Task.FromResult(Result<ReportResult>.Fail(ErrorCode.BadRequest, $"context score must be 1-5, got {request.ContextScore}"));
        }
        return WriteAsync(scope => Report(scope, request, Ms(now), lookForPlanComplete: true), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<Result<ReportResult>> ReportAndClaimAsync(ReportRequest request, ClaimRequest next, TimeSpan defaultLease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (request.ContextScore is < 1 or > 5)
        {
            return Task.FromResult(Result<ReportResult>.Fail(ErrorCode.BadRequest, $"context score must be 1-5, got {request.ContextScore}"));
        }
        if (next.Capacity is < 1)
        {
            return Task.FromResult(Result<ReportResult>.Fail(ErrorCode.BadRequest, $"capacity must be at least 1, got {next.Capacity}"));
        }
        var claim = next with { Worker = request.Worker, Wait = null };
        return WriteAsync(scope =>
        {
            var at = Ms(now);
            var reported = Report(scope, request, at, lookForPlanComplete: false);
            if (!reported.IsOk)
            {
                return reported;
            }
            var leased = Claim(scope, claim, defaultLease, at);
            // A task leased now is a task unfinished: only a done report that leaves nothing to claim can
            // have finished the plan (one statement of five seeks spared on every other report --next).
            if (!leased.IsOk && reported.Value.Task.State == TaskState.Done)
            {
                NotePlanComplete(scope, at);
            }
            return Result<ReportResult>.Ok(reported.Value.WithNext(leased));
        }, cancellationToken);
    }

    // lookForPlanComplete: false when the caller looks itself, after the claim that follows (ReportAndClaimAsync).
    private static Result<ReportResult> Report(StoreScope scope, ReportRequest request, long now, bool lookForPlanComplete)
    {
        var id = request.TaskId.Value;
        var worker = request.Worker.Value;
        if (request.IdempotencyKey is { } key && FindReportByKey(scope, id, key) is { } earlier)
        {
            // A retried report (the reply was lost) returns what the first one did and changes nothing.
            return new ReportResult { Task = LoadTask(scope, id)!, Report = earlier, Replayed = true };
        }
        // One read of the whole row serves the holder check, everything the report needs from the task, and
        // the task it answers with (the update below changes known columns: read back, it cost a statement).
        HolderRow row;
        TaskItem task;
        using (var reader = scope.Query($"SELECT {TaskRows.Columns}, {TaskRows.DependsOn} FROM tasks WHERE id = $id", ("$id", id)))
        {
            if (!reader.Read())
            {
                return BatonError.Of(ErrorCode.NotFound, $"no task '{id}'");
            }
            row = HolderRow.ReadTaskRow(reader);
            task = TaskRows.Read(reader, TaskRows.ReadDependsOn(reader, TaskRows.ColumnCount));
        }
        var maxAttempts = task.MaxAttempts;
        var refusal = CheckHolder(scope, id, row, worker, request.LeaseId?.Value, now, "report");
        if (refusal is not null)
        {
            if (refusal.Code is ErrorCode.LeaseExpired)
            {
                // Kept in the history as a late report, never applied.
                InsertReport(scope, request, AttemptOf(scope, id, worker), late: true, refusal.Message, now);
                scope.AppendEvent(now, EventTypes.ReportLate, id, worker, null, $"late report from {worker} on {id} refused: {refusal.Message}");
            }
            return refusal;
        }

        var (attempt, claimedAt) = (row.Attempts, row.ClaimedAt ?? now);
        var report = InsertReport(scope, request, attempt, late: false, null, now);
        var outcome = request.Outcome;
        var conflict = outcome == ReportOutcome.Done ? FindConflict(scope, task, request.Files, claimedAt) : null;
        var needsChecks = outcome == ReportOutcome.Done && conflict is null && task.Acceptance.Any(a => a.Check is not null);
        var (state, reason, ending) = outcome switch
        {
            ReportOutcome.Done when conflict is not null => ("escalated", conflict.Reason, "conflict"),
            ReportOutcome.Done when needsChecks => ("checking", "acceptance checks are running", "checking"),
            ReportOutcome.Done => ("done", (string?)null, "done"),
            ReportOutcome.Blocked => ("escalated", $"blocked: {request.Summary}", "blocked"),
            _ when attempt >= maxAttempts => ("escalated", $"failed on attempt {attempt} of {maxAttempts}: attempts exhausted: {request.Summary}", "failed"),
            _ => ("ready", $"attempt {attempt} of {maxAttempts} failed: {request.Summary}", "failed"),
        };
        // A task being checked keeps its reporter and a deadline (lease_expires_at) so a checker that
        // dies does not leave it stuck: ExpireDue hands it out again after the deadline. A done task
        // also loses the feedback of earlier attempts (what FinishDone does for a task done otherwise).
        scope.Exec(
            """
            UPDATE tasks SET state = $state, state_reason = $reason, lease_id = NULL, claimed_at = NULL,
                   worker = CASE WHEN $state = 'checking' THEN worker END,
                   lease_expires_at = CASE WHEN $state = 'checking' THEN $deadline END,
                   ready_at = CASE WHEN $state = 'ready' THEN $now ELSE ready_at END,
                   feedback = CASE WHEN $state = 'done' THEN NULL WHEN $feedback IS NOT NULL THEN $feedback ELSE feedback END,
                   updated_at = $now
            WHERE id = $id
            """,
            ("$state", state), ("$reason", reason), ("$deadline", now + CheckDeadlineMs), ("$now", now), ("$id", id),
            ("$feedback", outcome == ReportOutcome.Failed ? FailedFeedback(request) : null));
        scope.Exec(
            "UPDATE attempts SET ended_at = $now, ending = $ending, note = $note WHERE task_id = $id AND number = $n",
            ("$now", now), ("$ending", ending), ("$note", request.Summary), ("$id", id), ("$n", attempt));
        scope.Exec(
            outcome == ReportOutcome.Done
                ? "UPDATE workers SET done = done + $done, busy_ms = busy_ms + $busy, last_seen = $now WHERE name = $worker"
                : "UPDATE workers SET failed = failed + 1, busy_ms = busy_ms + $busy, last_seen = $now WHERE name = $worker",
            ("$done", state == "done" ? 1 : 0), ("$busy", Math.Max(0, now - claimedAt)), ("$now", now), ("$worker", worker));
        var type = state switch
        {
            "done" => EventTypes.TaskDone,
            "checking" => EventTypes.TaskChecking,
            "escalated" => EventTypes.TaskEscalated,
            _ => EventTypes.TaskFailed,
        };
        scope.AppendEvent(now, type, id, worker, state,
            $"{worker} reported {outcome.ToWire()} on {id}" + (reason is null ? "" : $" ({reason})"));
        if (state == "escalated")
        {
            var kind = conflict?.Kind ?? (outcome == ReportOutcome.Blocked ? EscalationKinds.Blocked : EscalationKinds.AttemptsExhausted);
            RaiseEscalation(scope, id, kind, reason!, worker, conflict?.OtherTask, conflict?.OtherWorker, conflict?.Paths ?? [], now);
        }
        if (state == "done")
        {
            // The row and the worker's count were updated above.
            ReleaseDependents(scope, id, now);
            if (lookForPlanComplete)
            {
                NotePlanComplete(scope, now);
            }
        }
        // The row as the update left it: what a read would give
        // (StoreContractTests.Report_AnswersWithTheTaskAsAReadGivesItAfterwards holds it to that).
        if (!TaskStates.TryParse(state, out var moved))
        {
            throw new UnreachableException($"report chose an unknown state '{state}'");
        }
        var after = task with
        {
            State = moved,
            StateReason = reason,
            CurrentLease = null,
            UpdatedAt = At(now),
        };
        return new ReportResult { Task = after, Report = report };
    }

    // What the next attempt is told first ("feedback from the last attempt"): a failed report's summary and notes
    // (baton run puts the failing checks' output there), exactly as a failed check run leaves its output.
    private static string FailedFeedback(ReportRequest request)
        => string.IsNullOrWhiteSpace(request.Notes)
            ? $"The previous attempt failed: {request.Summary}"
            : $"The previous attempt failed: {request.Summary}\n{request.Notes.TrimEnd()}";

    // How long a done report may stay in checking before it is handed out again (the checker died).
    private const long CheckDeadlineMs = 60 * 60 * 1000;

    // The task is accepted: count it for its worker, release its dependents, say when the plan is complete.
    private static void FinishDone(StoreScope scope, string id, string? worker, long now)
    {
        scope.Exec("UPDATE tasks SET state = 'done', worker = NULL, lease_expires_at = NULL, feedback = NULL, updated_at = $now WHERE id = $id",
            ("$now", now), ("$id", id));
        if (worker is not null)
        {
            scope.Exec("UPDATE workers SET done = done + 1 WHERE name = $worker", ("$worker", worker));
        }
        ReleaseDependents(scope, id, now);
        NotePlanComplete(scope, now);
    }

    private static void NotePlanComplete(StoreScope scope, long now)
    {
        // One seek in the state index per unfinished state, not COUNT(*): this runs on every done report.
        // (state IN (…) made SQLite build a temporary table of the list on every run: 11 against 5.6 µs.)
        if (scope.Scalar(
                """
                SELECT EXISTS (SELECT 1 FROM tasks WHERE state = 'leased') OR EXISTS (SELECT 1 FROM tasks WHERE state = 'ready')
                    OR EXISTS (SELECT 1 FROM tasks WHERE state = 'pending') OR EXISTS (SELECT 1 FROM tasks WHERE state = 'checking')
                    OR EXISTS (SELECT 1 FROM tasks WHERE state = 'escalated')
                """) is 0L)
        {
            scope.AppendEvent(now, EventTypes.PlanComplete, null, null, null, "every task is finished");
        }
    }

    private static void ReleaseDependents(StoreScope scope, string id, long now)
    {
        // Most tasks have no dependents: one look in the reverse index spares them the counting statement.
        if (scope.Scalar("SELECT 1 FROM deps WHERE depends_on = $id LIMIT 1", ("$id", id)) is null)
        {
            return;
        }
        // One statement: counts down every dependent and names those now free.
        var ready = new List<string>();
        using (var reader = scope.Query(
            "UPDATE tasks SET pending_deps = pending_deps - 1 WHERE id IN (SELECT task_id FROM deps WHERE depends_on = $id) RETURNING id, state, pending_deps",
            ("$id", id)))
        {
            while (reader.Read())
            {
                if (reader.GetString(1) == "pending" && reader.GetInt64(2) <= 0)
                {
                    ready.Add(reader.GetString(0));
                }
            }
            scope.MarkChanged();
        }
        foreach (var dependent in ready)
        {
            scope.Exec("UPDATE tasks SET state = 'ready', state_reason = NULL, ready_at = $now, updated_at = $now WHERE id = $id", ("$now", now), ("$id", dependent));
            scope.AppendEvent(now, EventTypes.TaskReady, dependent, null, "ready", $"{dependent} is ready: its dependencies are done");
        }
    }

    // Null when the worker holds the task's live lease; otherwise the refusal, naming why. An expired
    // lease found here is expired on the spot so the task is not left leased to a silent worker.
    private static BatonError? CheckHolder(StoreScope scope, string id, string worker, string? leaseId, long now, string what)
    {
        using var reader = scope.Query(
            "SELECT state, worker, lease_id, lease_expires_at, attempts, claimed_at FROM tasks WHERE id = $id", ("$id", id));
        if (!reader.Read())
        {
            return BatonError.Of(ErrorCode.NotFound, $"no task '{id}'");
        }
        var row = HolderRow.Read(reader);
        reader.Dispose();
        return CheckHolder(scope, id, row, worker, leaseId, now, what);
    }

    // What the holder check reads of a task: columns 0-5 are state, worker, lease_id, lease_expires_at, attempts, claimed_at.
    private readonly record struct HolderRow(string State, string? Worker, string? LeaseId, long? Expires, long Attempts, long? ClaimedAt)
    {
        public static HolderRow Read(PreparedStatement r) => new(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1),
            r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.GetInt64(4), r.IsDBNull(5) ? null : r.GetInt64(5));

        // The same columns from a row read with TaskRows.Columns, at the positions TaskRows.Read takes them from.
        public static HolderRow ReadTaskRow(PreparedStatement r) => new(
            r.GetString(TaskRows.StateColumn),
            r.IsDBNull(TaskRows.WorkerColumn) ? null : r.GetString(TaskRows.WorkerColumn),
            r.IsDBNull(TaskRows.LeaseIdColumn) ? null : r.GetString(TaskRows.LeaseIdColumn),
            r.IsDBNull(TaskRows.ExpiresColumn) ? null : r.GetInt64(TaskRows.ExpiresColumn),
            r.GetInt64(TaskRows.AttemptsColumn),
            r.IsDBNull(TaskRows.ClaimedAtColumn) ? null : r.GetInt64(TaskRows.ClaimedAtColumn));
    }

    private static BatonError? CheckHolder(StoreScope scope, string id, HolderRow row, string worker, string? leaseId, long now, string what)
    {
        var (state, holder, currentLease, expires) = (row.State, row.Worker, row.LeaseId, row.Expires);
        if (state == "leased" && holder == worker && expires > now && (leaseId is null || leaseId == currentLease))
        {
            return null;
        }
        if (state == "leased" && holder == worker && expires > now)
        {
            return BatonError.Of(ErrorCode.LeaseNotHeld, $"{what} refused: lease {leaseId} on {id} is superseded by lease {currentLease}");
        }
        if (state == "leased" && holder == worker)
        {
            EndLease(scope, id, worker, "expired", $"lease of {worker} expired", now, countsAsFailure: true);
            return BatonError.Of(ErrorCode.LeaseExpired, $"{what} refused: lease of {worker} on {id} expired at {At(expires!.Value):O}; task returned to the queue");
        }
        var lastAttempt = scope.Scalar("SELECT MAX(number) FROM attempts WHERE task_id = $id AND worker = $worker", ("$id", id), ("$worker", worker)) as long?;
        if (lastAttempt is { } number)
        {
            var where = state == "leased" ? $"task reassigned to {holder}" : $"task is now {state}";
            // The worker's own report ended its last attempt: a second report (or a heartbeat after it) is a repeat,
            // not a lease that ran out while the worker was busy.
            if (scope.Scalar(
                    "SELECT outcome FROM reports WHERE task_id = $id AND attempt = $n AND worker = $worker AND late = 0 ORDER BY id DESC LIMIT 1",
                    ("$id", id), ("$n", number), ("$worker", worker)) is string outcome)
            {
                return BatonError.Of(ErrorCode.LeaseNotHeld, $"{what} refused: {worker} already reported {id} ({outcome}, attempt {number}); {where}");
            }
            return BatonError.Of(ErrorCode.LeaseExpired, $"{what} refused: lease expired, {where} (the lease of {worker} on {id} ended earlier)");
        }
        return state == "leased"
            ? BatonError.Of(ErrorCode.LeaseNotHeld, $"{what} refused: {worker} does not hold {id} (leased by {holder})")
            : BatonError.Of(ErrorCode.LeaseNotHeld, $"{what} refused: {worker} does not hold {id} (it is {state})");
    }

    private static long AttemptOf(StoreScope scope, string id, string worker)
        => scope.Scalar("SELECT MAX(number) FROM attempts WHERE task_id = $id AND worker = $worker", ("$id", id), ("$worker", worker)) is long n ? n : 0;

    private static ReportRecord InsertReport(StoreScope scope, ReportRequest request, long attempt, bool late, string? refused, long now)
    {
        var reportId = scope.Insert(
            """
            INSERT INTO reports(task_id, attempt, worker, lease_id, outcome, summary, files, context_score, notes, late, refused_reason, idempotency_key, at)
            VALUES ($task, $attempt, $worker, $lease, $outcome, $summary, $files, $score, $notes, $late, $refused, $key, $now)
            """,
            ("$task", request.TaskId.Value), ("$attempt", attempt), ("$worker", request.Worker.Value), ("$lease", request.LeaseId?.Value),
            ("$outcome", request.Outcome.ToWire()), ("$summary", request.Summary), ("$files", ToJson(request.Files)),
            ("$score", request.ContextScore), ("$notes", request.Notes), ("$late", late ? 1 : 0), ("$refused", refused),
            ("$key", late ? null : request.IdempotencyKey), ("$now", now));
        return new ReportRecord
        {
            Id = reportId,
            TaskId = request.TaskId,
            Attempt = (int)attempt,
            Worker = request.Worker,
            LeaseId = request.LeaseId,
            Outcome = request.Outcome,
            Summary = request.Summary,
            Files = request.Files,
            ContextScore = request.ContextScore,
            Notes = request.Notes,
            Late = late,
            RefusedReason = refused,
            At = At(now),
        };
    }
}
