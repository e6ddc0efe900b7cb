using Baton.Core.Api;
using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Globs;
using Baton.Core.Tasks;

namespace Baton.Core.Life;

internal static partial class TaskMachine
{
    /// <summary>
    /// A worker's report. Applied only when the worker holds the live lease: done goes to checking (the task has
    /// machine checks), to done, or to escalated (its files conflict with other work); failed goes back to ready
    /// with the summary as feedback, or to escalated on the last attempt; blocked escalates at once. A report
    /// refused because the worker's lease lapsed is kept as late and never applied.
    /// </summary>
    public static LifeDecision Report(TaskItem task, TaskLife life, ReportRequest request, DateTimeOffset now, ILifeReads reads)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(life);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reads);
        var id = task.Id;
        var worker = request.Worker;
        if (CheckHolder(task, life, worker, request.LeaseId, now, "report", reads) is { } refused)
        {
            if (refused.Refusal!.Code != ErrorCode.LeaseExpired)
            {
                return refused;
            }
            // Kept in the history as a late report, never applied.
            var late = new List<LifeChange>(refused.Changes)
            {
                new AddReport(request, LastAttemptOf(reads.Attempts(id), worker)?.Number ?? 0, Late: true, refused.Refusal.Message, now),
                Event(now, EventTypes.ReportLate, id, worker, null, $"late report from {worker.Value} on {id.Value} refused: {refused.Refusal.Message}"),
            };
            return LifeDecision.Refuse(refused.Refusal, late);
        }

        var (attempt, max) = (life.Attempts, life.MaxAttempts);
        var claimedAt = life.ClaimedAt ?? now;
        var changes = new List<LifeChange>(10) { new AddReport(request, attempt, Late: false, null, now) };
        var outcome = request.Outcome;
        var conflict = outcome == ReportOutcome.Done ? FindConflict(task, request.Files, claimedAt, reads) : null;
        var needsChecks = outcome == ReportOutcome.Done && conflict is null && task.Acceptance.Any(a => a.Check is not null);
        var (state, reason, ending) = outcome switch
        {
            ReportOutcome.Done when conflict is not null => (TaskState.Escalated, conflict.Reason, AttemptEndings.Conflict),
            ReportOutcome.Done when needsChecks => (TaskState.Checking, "acceptance checks are running", AttemptEndings.Checking),
            ReportOutcome.Done => (TaskState.Done, (string?)null, AttemptEndings.Done),
            ReportOutcome.Blocked => (TaskState.Escalated, $"blocked: {request.Summary}", AttemptEndings.Blocked),
            _ when attempt >= max => (TaskState.Escalated, $"failed on attempt {attempt} of {max}: attempts exhausted: {request.Summary}", AttemptEndings.Failed),
            _ => (TaskState.Ready, $"attempt {attempt} of {max} failed: {request.Summary}", AttemptEndings.Failed),
        };
        // A task being checked keeps its reporter and a deadline, so a checker that dies does not leave it stuck:
        // past the deadline it is handed out again (HandBack). A done task loses the feedback of earlier attempts.
        var checking = state == TaskState.Checking;
        var after = life with
        {
            State = state,
            Reason = reason,
            LeaseId = null,
            ClaimedAt = null,
            Worker = checking ? life.Worker : null,
            Deadline = checking ? now + CheckDeadline : null,
            ReadyAt = state == TaskState.Ready ? now : life.ReadyAt,
            Feedback = state == TaskState.Done ? null : outcome == ReportOutcome.Failed ? FailedFeedback(request) : life.Feedback,
            UpdatedAt = now,
        };
        changes.Add(new WriteLife(id, life, after));
        changes.Add(new EndAttempt(id, attempt, now, ending, request.Summary));
        var busy = Math.Max(0, Ms(now - claimedAt));
        changes.Add(outcome == ReportOutcome.Done
            ? new CountWorker(worker, state == TaskState.Done ? 1 : 0, 0, busy, now)
            : new CountWorker(worker, 0, 1, busy, now));
        var type = state switch
        {
            TaskState.Done => EventTypes.TaskDone,
            TaskState.Checking => EventTypes.TaskChecking,
            TaskState.Escalated => EventTypes.TaskEscalated,
            _ => EventTypes.TaskFailed,
        };
        // The one event a report makes says so (data.outcome): an escalation or a check verdict that follows appends
        // events of the same types, and readers of the log (the hub's metrics) count reports by this mark alone.
        var reported = Event(now, type, id, worker, state, $"{worker.Value} reported {outcome.ToWire()} on {id.Value}" + (reason is null ? "" : $" ({reason})"));
        changes.Add(reported with { Data = $"{{\"outcome\":\"{outcome.ToWire()}\"}}" });
        if (state == TaskState.Escalated)
        {
            var kind = conflict?.Kind ?? (outcome == ReportOutcome.Blocked ? EscalationKinds.Blocked : EscalationKinds.AttemptsExhausted);
            Escalation(changes, id, kind, reason!, worker, now, conflict);
        }
        if (state == TaskState.Done)
        {
            changes.Add(new ReleaseDependents(id, now));
            changes.Add(new LookForPlanComplete(now));
        }
        return LifeDecision.Accept(after, changes);
    }

    /// <summary>A retried report (its reply was lost) that an earlier report with the same key answered: it changes
    /// nothing and answers as the first one did.</summary>
    public static bool IsReplay(ReportRequest request, ReportRecord? earlierWithKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.IdempotencyKey is not null && earlierWithKey is not null;
    }

    // What the next attempt is told first ("feedback from the last attempt"): a failed report's summary and notes
    // (baton run puts the failing checks' output there), exactly as a failed check run leaves its output.
    private static string FailedFeedback(ReportRequest request)
        => string.IsNullOrWhiteSpace(request.Notes)
            ? $"The previous attempt failed: {request.Summary}"
            : $"The previous attempt failed: {request.Summary}\n{request.Notes.TrimEnd()}";

    /// <summary>
    /// Invariant 4 at report time: a done report's files must not touch files another task holds now or changed
    /// since this task was claimed, and must stay inside the task's own globs (unless the task leaves that to a
    /// files_within check, which then fails instead). Null when there is no conflict.
    /// </summary>
    public static Conflict? FindConflict(TaskItem task, IReadOnlyList<string> reported, DateTimeOffset claimedAt, ILifeReads reads)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(reported);
        ArgumentNullException.ThrowIfNull(reads);
        if (reported.Count == 0)
        {
            return null;
        }
        var paths = reported.Select(f => ReportedFile.Parse(f).Path).Distinct(StringComparer.Ordinal).ToList();
        foreach (var reservation in reads.Reservations(task.Id))
        {
            var hit = paths.Where(p => GlobMatcher.IsMatchAny(reservation.Globs, p)).ToList();
            if (hit.Count > 0)
            {
                return new Conflict(EscalationKinds.OverlappingEdit,
                    $"conflict: changed {string.Join(", ", hit)}, reserved by {reservation.Task.Value} (held by {reservation.Holder?.Value ?? "nobody"})",
                    reservation.Task, reservation.Holder, hit);
            }
        }
        foreach (var change in reads.ChangesSince(task.Id, claimedAt))
        {
            if (change.Outcome != ReportOutcome.Done)
            {
                continue;
            }
            var theirs = change.Files.Select(f => ReportedFile.Parse(f).Path).ToHashSet(StringComparer.Ordinal);
            var hit = paths.Where(theirs.Contains).ToList();
            if (hit.Count > 0)
            {
                return new Conflict(EscalationKinds.OverlappingEdit,
                    $"conflict: changed {string.Join(", ", hit)}, also changed by {change.Task.Value} ({change.Worker.Value}) since this task was claimed",
                    change.Task, change.Worker, hit);
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
}
