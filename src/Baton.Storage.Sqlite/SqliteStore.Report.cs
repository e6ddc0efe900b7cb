using Baton.Core.Api;
using Baton.Core.Errors;
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
        return WriteAsync(scope => Report(scope, request, Ms(now)), cancellationToken);
    }

    private static Result<ReportResult> Report(StoreScope scope, ReportRequest request, long now)
    {
        var id = request.TaskId.Value;
        var worker = request.Worker.Value;
        if (request.IdempotencyKey is { } key && FindReportByKey(scope, key) is { } earlier)
        {
            // A retried report (the reply was lost) returns what the first one did and changes nothing.
            return new ReportResult { Task = LoadTask(scope, earlier.TaskId.Value)!, Report = earlier, Replayed = true };
        }
        var refusal = CheckHolder(scope, id, worker, request.LeaseId?.Value, now, "report");
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

        long attempt, maxAttempts, claimedAt;
        using (var reader = scope.Query("SELECT attempts, max_attempts, claimed_at FROM tasks WHERE id = $id", ("$id", id)))
        {
            reader.Read();
            (attempt, maxAttempts, claimedAt) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        var report = InsertReport(scope, request, attempt, late: false, null, now);
        var outcome = request.Outcome;
        var (state, reason) = outcome switch
        {
            ReportOutcome.Done => ("done", (string?)null),
            ReportOutcome.Blocked => ("escalated", $"blocked: {request.Summary}"),
            _ when attempt >= maxAttempts => ("escalated", $"failed on attempt {attempt} of {maxAttempts}: attempts exhausted: {request.Summary}"),
            _ => ("ready", $"attempt {attempt} of {maxAttempts} failed: {request.Summary}"),
        };
        scope.Exec(
            """
            UPDATE tasks SET state = $state, state_reason = $reason, worker = NULL, lease_id = NULL,
                   claimed_at = NULL, lease_expires_at = NULL, updated_at = $now
            WHERE id = $id
            """,
            ("$state", state), ("$reason", reason), ("$now", now), ("$id", id));
        scope.Exec(
            "UPDATE attempts SET ended_at = $now, ending = $ending, note = $note WHERE task_id = $id AND number = $n",
            ("$now", now), ("$ending", outcome.ToWire()), ("$note", request.Summary), ("$id", id), ("$n", attempt));
        scope.Exec(
            outcome == ReportOutcome.Done
                ? "UPDATE workers SET done = done + 1, busy_ms = busy_ms + $busy, last_seen = $now WHERE name = $worker"
                : "UPDATE workers SET failed = failed + 1, busy_ms = busy_ms + $busy, last_seen = $now WHERE name = $worker",
            ("$busy", Math.Max(0, now - claimedAt)), ("$now", now), ("$worker", worker));
        var type = outcome switch
        {
            ReportOutcome.Done => EventTypes.TaskDone,
            ReportOutcome.Blocked => EventTypes.TaskEscalated,
            _ => state == "escalated" ? EventTypes.TaskEscalated : EventTypes.TaskFailed,
        };
        scope.AppendEvent(now, type, id, worker, state,
            $"{worker} reported {outcome.ToWire()} on {id}" + (reason is null ? "" : $" ({reason})"));
        if (outcome == ReportOutcome.Done)
        {
            ReleaseDependents(scope, id, now);
            // EXISTS on the state index, not COUNT(*): this runs on every done report.
            if (scope.Scalar("SELECT 1 FROM tasks WHERE state IN ('pending', 'ready', 'leased', 'checking', 'escalated') LIMIT 1") is null)
            {
                scope.AppendEvent(now, EventTypes.PlanComplete, null, null, null, "every task is finished");
            }
        }
        return new ReportResult { Task = LoadTask(scope, id)!, Report = report };
    }

    private static void ReleaseDependents(StoreScope scope, string id, long now)
    {
        scope.Exec(
            "UPDATE tasks SET pending_deps = pending_deps - 1 WHERE id IN (SELECT task_id FROM deps WHERE depends_on = $id)",
            ("$id", id));
        var ready = new List<string>();
        using (var reader = scope.Query(
            "SELECT id FROM tasks WHERE state = 'pending' AND pending_deps <= 0 AND id IN (SELECT task_id FROM deps WHERE depends_on = $id)",
            ("$id", id)))
        {
            while (reader.Read())
            {
                ready.Add(reader.GetString(0));
            }
        }
        foreach (var dependent in ready)
        {
            scope.Exec("UPDATE tasks SET state = 'ready', state_reason = NULL, updated_at = $now WHERE id = $id", ("$now", now), ("$id", dependent));
            scope.AppendEvent(now, EventTypes.TaskReady, dependent, null, "ready", $"{dependent} is ready: its dependencies are done");
        }
    }

    // Null when the worker holds the task's live lease; otherwise the refusal, naming why. An expired
    // lease found here is expired on the spot so the task is not left leased to a silent worker.
    private static BatonError? CheckHolder(StoreScope scope, string id, string worker, string? leaseId, long now, string what)
    {
        string state;
        string? holder, currentLease;
        long? expires;
        using (var reader = scope.Query("SELECT state, worker, lease_id, lease_expires_at FROM tasks WHERE id = $id", ("$id", id)))
        {
            if (!reader.Read())
            {
                return BatonError.Of(ErrorCode.NotFound, $"no task '{id}'");
            }
            (state, holder, currentLease, expires) = (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3));
        }
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
        var hadIt = scope.Scalar("SELECT 1 FROM attempts WHERE task_id = $id AND worker = $worker", ("$id", id), ("$worker", worker)) is not null;
        if (hadIt)
        {
            var where = state == "leased" ? $"task reassigned to {holder}" : $"task is now {state}";
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
        var reportId = (long)scope.Scalar(
            """
            INSERT INTO reports(task_id, attempt, worker, lease_id, outcome, summary, files, context_score, notes, late, refused_reason, idempotency_key, at)
            VALUES ($task, $attempt, $worker, $lease, $outcome, $summary, $files, $score, $notes, $late, $refused, $key, $now) RETURNING id
            """,
            ("$task", request.TaskId.Value), ("$attempt", attempt), ("$worker", request.Worker.Value), ("$lease", request.LeaseId?.Value),
            ("$outcome", request.Outcome.ToWire()), ("$summary", request.Summary), ("$files", ToJson(request.Files)),
            ("$score", request.ContextScore), ("$notes", request.Notes), ("$late", late ? 1 : 0), ("$refused", refused),
            ("$key", late ? null : request.IdempotencyKey), ("$now", now))!;
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
