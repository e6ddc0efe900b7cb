using Baton.Core.Events;
using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>
/// The task life as one state machine: every rule of when a task changes state, and what changes with it.
/// Each transition is a pure function of the task as stored, the request and the time: it returns a
/// <see cref="LifeDecision"/> (the outcome or the refusal, and the rows and events to write) and does no I/O.
/// A store supplies the rows and applies the decision in one transaction; it decides nothing itself.
/// </summary>
/// <remarks>
/// <code>
/// pending --deps done--> ready --claim--> leased --report done--> checking --checks pass--> done
///                          ^                 |                        |     (no machine checks: straight to done)
///                          |  lease expires / released / lost / failed / checks fail (attempts left)
///                          +-----------------+------------------------+
///   attempts used up, blocked report, conflicting report, contradiction --> escalated --resolve--> ready | pending | done | cancelled
///   cancel: any unfinished state --> cancelled
/// </code>
/// The transitions are split by the request they answer: <c>TaskMachine.Claim.cs</c> (choosing and leasing),
/// <c>TaskMachine.Leases.cs</c> (holder check, heartbeat, release, expiry), <c>TaskMachine.Report.cs</c> (reports
/// and conflicts), <c>TaskMachine.Checks.cs</c> (check verdicts), <c>TaskMachine.Escalations.cs</c> (escalate,
/// resolve, cancel) and <c>TaskMachine.Plans.cs</c> (import, dependencies, plan completion).
/// </remarks>
internal static partial class TaskMachine
{
    /// <summary>States whose tasks reserve their files and have a deadline (a lease, or a check run).</summary>
    public static IReadOnlyList<TaskState> ReservingStates { get; } = [TaskState.Leased, TaskState.Checking];

    /// <summary>States of a task that is not finished with: while any task is in one, the plan is not complete.</summary>
    public static IReadOnlyList<TaskState> UnfinishedStates { get; } =
        [TaskState.Leased, TaskState.Ready, TaskState.Pending, TaskState.Checking, TaskState.Escalated];

    /// <summary>The state a claim takes tasks from.</summary>
    public const TaskState ClaimableState = TaskState.Ready;

    /// <summary>The order a claim considers ready tasks in: highest priority first, then plan order
    /// (<see cref="TaskItem.Seq"/>). A store supplies candidates in this order (its ready index).</summary>
    public const string ClaimOrder = "priority descending, then seq";

    /// <summary>How long a done report may stay in checking before the task is handed out again (the checker died).</summary>
    public static readonly TimeSpan CheckDeadline = TimeSpan.FromHours(1);

    private static AppendEvent Event(DateTimeOffset at, string type, TaskId? task, WorkerId? worker, TaskState? state, string message)
        => new(at, type, task, worker, state, message);

    // An escalation and its event: what every way into escalated adds.
    private static void Escalation(List<LifeChange> changes, TaskId task, string kind, string reason, WorkerId? worker, DateTimeOffset now,
        Conflict? conflict = null)
    {
        changes.Add(new RaiseEscalation(task, kind, reason, worker, conflict?.OtherTask, conflict?.OtherWorker, conflict?.Paths ?? [], now));
        changes.Add(Event(now, EventTypes.TaskEscalated, task, worker, TaskState.Escalated, $"{task.Value} needs the engineer ({kind}): {reason}"));
    }

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;
}
