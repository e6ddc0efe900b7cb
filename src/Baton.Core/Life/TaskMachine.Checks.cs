using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Tasks;

namespace Baton.Core.Life;

internal static partial class TaskMachine
{
    /// <summary>
    /// The verdict of a done report's acceptance checks: done when they passed; otherwise a new attempt with the
    /// failures as feedback, or an escalation when that was the last attempt.
    /// </summary>
    public static LifeDecision CompleteChecks(TaskItem task, TaskLife life, int attempt, CheckReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(life);
        ArgumentNullException.ThrowIfNull(report);
        var id = task.Id;
        if (life.State != TaskState.Checking || life.Attempts != attempt)
        {
            return LifeDecision.Refuse(ErrorCode.IllegalTransition,
                $"{id.Value} is not being checked for attempt {attempt} (it is {life.State.ToWire()}, attempt {life.Attempts})");
        }
        var worker = life.Worker;
        var changes = new List<LifeChange>(8) { new RecordChecks(id, attempt, report) };
        if (report.Passed)
        {
            var passed = $"passed its {report.Results.Count} acceptance check(s)";
            // The attempt ended in "checking" while the checks ran: it ends in done now, as the task does.
            changes.Add(new EndAttempt(id, attempt, null, AttemptEndings.Done, null));
            changes.Add(Event(now, EventTypes.TaskDone, id, worker, TaskState.Done, $"{id.Value} {passed}"));
            return LifeDecision.Accept(FinishDone(changes, id, life, passed, worker, now), changes);
        }
        var failed = string.Join("; ", report.Failures.Select(f => f.Message));
        changes.Add(new EndAttempt(id, attempt, null, AttemptEndings.ChecksFailed, null));
        if (worker is { } w)
        {
            changes.Add(new CountWorker(w, 0, 1, 0, null));
        }
        changes.Add(Event(now, EventTypes.ChecksFailed, id, worker, null, $"{id.Value}: acceptance checks failed on attempt {attempt}: {failed}"));
        var exhausted = life.Attempts >= life.MaxAttempts;
        var reason = exhausted
            ? $"acceptance checks failed on attempt {attempt} of {life.MaxAttempts}: attempts exhausted: {failed}"
            : $"acceptance checks failed on attempt {attempt} of {life.MaxAttempts}: {failed}";
        var after = life with
        {
            State = exhausted ? TaskState.Escalated : TaskState.Ready,
            Reason = reason,
            Feedback = report.Feedback(),
            Worker = null,
            Deadline = null,
            ReadyAt = now,
            UpdatedAt = now,
        };
        changes.Add(new WriteLife(id, life, after));
        if (exhausted)
        {
            Escalation(changes, id, EscalationKinds.ChecksFailed, reason, worker, now);
        }
        else
        {
            changes.Add(Event(now, EventTypes.TaskReady, id, null, TaskState.Ready, $"{id.Value} is ready again for attempt {attempt + 1}"));
        }
        return LifeDecision.Accept(after, changes);
    }

    // The task is accepted: counted for its worker (when one did it), its dependents released, and the plan looked
    // at, since this may have been its last task.
    private static TaskLife FinishDone(List<LifeChange> changes, TaskId task, TaskLife life, string reason, WorkerId? worker, DateTimeOffset now)
    {
        var after = life with
        {
            State = TaskState.Done,
            Reason = reason,
            Worker = null,
            LeaseId = null,
            ClaimedAt = null,
            Deadline = null,
            Feedback = null,
            UpdatedAt = now,
        };
        changes.Add(new WriteLife(task, life, after));
        if (worker is { } w)
        {
            changes.Add(new CountWorker(w, 1, 0, 0, null));
        }
        changes.Add(new ReleaseDependents(task, now));
        changes.Add(new LookForPlanComplete(now));
        return after;
    }
}
