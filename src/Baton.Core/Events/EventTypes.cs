namespace Baton.Core.Events;

/// <summary>The event types the store appends. Append-only, like error codes.</summary>
public static class EventTypes
{
    /// <summary>A task was added (by import or task add).</summary>
    public const string TaskAdded = "task.added";
    /// <summary>A task's dependencies are done: it can be claimed.</summary>
    public const string TaskReady = "task.ready";
    /// <summary>A worker claimed a task.</summary>
    public const string TaskClaimed = "task.claimed";
    /// <summary>A worker reported done and it was accepted.</summary>
    public const string TaskDone = "task.done";
    /// <summary>A worker reported failed; the task will be retried or escalated.</summary>
    public const string TaskFailed = "task.failed";
    /// <summary>A task needs a human decision.</summary>
    public const string TaskEscalated = "task.escalated";
    /// <summary>A lease ran out and the task went back to ready.</summary>
    public const string LeaseExpired = "lease.expired";
    /// <summary>A worker gave a task back on purpose.</summary>
    public const string TaskReleased = "task.released";
    /// <summary>A task was cancelled.</summary>
    public const string TaskCancelled = "task.cancelled";
    /// <summary>A done report is waiting for its acceptance checks.</summary>
    public const string TaskChecking = "task.checking";
    /// <summary>Acceptance checks failed; the task goes back as a new attempt with feedback.</summary>
    public const string ChecksFailed = "checks.failed";
    /// <summary>The engineer decided an escalated task (one intervention).</summary>
    public const string TaskResolved = "task.resolved";
    /// <summary>A report came after its lease was lost; kept, never applied.</summary>
    public const string ReportLate = "report.late";
    /// <summary>A worker said hello or was first seen.</summary>
    public const string WorkerJoined = "worker.joined";
    /// <summary>A worker's connection closed.</summary>
    public const string WorkerLeft = "worker.left";
    /// <summary>A plan was imported.</summary>
    public const string PlanImported = "plan.imported";
    /// <summary>Every task of the store is finished.</summary>
    public const string PlanComplete = "plan.complete";
}
