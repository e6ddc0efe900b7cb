using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Tasks;

namespace Baton.Core.Life;

internal static partial class TaskMachine
{
    /// <summary>Escalates a task that is done or unfinished (e.g. its checks contradict another task's work).</summary>
    public static LifeDecision Escalate(TaskItem task, TaskLife life, string kind, string reason, string? feedback, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(life);
        if (life.State is TaskState.Escalated or TaskState.Cancelled)
        {
            return LifeDecision.Refuse(ErrorCode.IllegalTransition, $"{task.Id.Value} is already {life.State.ToWire()}");
        }
        var after = life with
        {
            State = TaskState.Escalated,
            Reason = reason,
            Feedback = feedback ?? life.Feedback,
            Worker = null,
            LeaseId = null,
            ClaimedAt = null,
            Deadline = null,
            UpdatedAt = now,
        };
        var changes = new List<LifeChange>(3) { new WriteLife(task.Id, life, after) };
        Escalation(changes, task.Id, kind, reason, life.Lease?.Worker, now);
        return LifeDecision.Accept(after, changes);
    }

    /// <summary>The refusal of a resolve request that is malformed whatever the task's state; null when it is well formed.</summary>
    public static BatonError? CheckResolve(ResolveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ResolveRequest.Actions.Contains(request.Action, StringComparer.Ordinal))
        {
            return BatonError.Of(ErrorCode.BadRequest, $"unknown resolution '{request.Action}'; expected retry, done, cancel or edit");
        }
        return request.Action == "edit" && request.Title is null && request.Description is null && request.Context is null
            ? BatonError.Of(ErrorCode.BadRequest, "an edit needs a new title, description or context")
            : null;
    }

    /// <summary>
    /// The engineer's decision on an escalated task (or one with an open escalation), which counts as an
    /// intervention: done accepts it; cancel ends it; retry and edit (which also replaces its text) give it a
    /// fresh attempt budget and the engineer's note as feedback, ready again or pending on its dependencies.
    /// </summary>
    public static LifeDecision Resolve(TaskItem task, TaskLife life, bool openEscalation, ResolveRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(life);
        ArgumentNullException.ThrowIfNull(request);
        if (CheckResolve(request) is { } malformed)
        {
            return LifeDecision.Refuse(malformed);
        }
        var id = task.Id;
        if (life.State != TaskState.Escalated && !openEscalation)
        {
            return LifeDecision.Refuse(ErrorCode.IllegalTransition, $"{id.Value} is not escalated (it is {life.State.ToWire()}): nothing to resolve");
        }
        var note = request.Note is { Length: > 0 } n ? n : null;
        var said = note is null ? "" : ": " + note;
        var changes = new List<LifeChange>(6);
        TaskLife after;
        switch (request.Action)
        {
            case "done":
                after = FinishDone(changes, id, life, "accepted as done by the engineer" + said, null, now);
                break;
            case "cancel":
                after = life with
                {
                    State = TaskState.Cancelled,
                    Reason = "cancelled by the engineer" + said,
                    Worker = null,
                    LeaseId = null,
                    ClaimedAt = null,
                    Deadline = null,
                    UpdatedAt = now,
                };
                changes.Add(new WriteLife(id, life, after));
                break;
            default:
                if (request.Title is not null || request.Description is not null || request.Context is not null)
                {
                    changes.Add(new EditTask(id, request.Title, request.Description, request.Context));
                }
                after = life with
                {
                    State = life.PendingDeps > 0 ? TaskState.Pending : TaskState.Ready,
                    Reason = $"{request.Action} ordered by the engineer" + said,
                    Feedback = note is null ? life.Feedback : $"The engineer says: {note}",
                    MaxAttempts = life.Attempts + life.AttemptBudget,
                    Worker = null,
                    LeaseId = null,
                    ClaimedAt = null,
                    Deadline = null,
                    ReadyAt = now,
                    UpdatedAt = now,
                };
                changes.Add(new WriteLife(id, life, after));
                break;
        }
        changes.Add(new CloseEscalations(id, request.Action, note, now));
        changes.Add(Event(now, EventTypes.TaskResolved, id, null, after.State, $"engineer resolved {id.Value}: {request.Action}" + (note is null ? "" : $" ({note})")));
        return LifeDecision.Accept(after, changes);
    }

    /// <summary>Cancels an unfinished task; the live attempt, if any, ends as cancelled.</summary>
    public static LifeDecision Cancel(TaskItem task, TaskLife life, string? reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(life);
        if (life.State.IsFinished())
        {
            return LifeDecision.Refuse(ErrorCode.IllegalTransition, $"cannot cancel {task.Id.Value}: it is already {life.State.ToWire()}");
        }
        var changes = new List<LifeChange>(3);
        var lease = life.Lease;
        if (lease is not null)
        {
            changes.Add(new EndAttempt(task.Id, life.Attempts, now, AttemptEndings.Cancelled, null));
        }
        var why = reason is { Length: > 0 } ? $"cancelled: {reason}" : "cancelled";
        var after = life with
        {
            State = TaskState.Cancelled,
            Reason = why,
            Worker = null,
            LeaseId = null,
            ClaimedAt = null,
            Deadline = null,
            UpdatedAt = now,
        };
        changes.Add(new WriteLife(task.Id, life, after));
        changes.Add(Event(now, EventTypes.TaskCancelled, task.Id, lease?.Worker, TaskState.Cancelled, $"{task.Id.Value} {why}"));
        return LifeDecision.Accept(after, changes);
    }
}
