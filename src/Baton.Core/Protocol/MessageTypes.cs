namespace Baton.Core.Protocol;

/// <summary>The <c>type</c> of every protocol message. Append-only, like error codes.</summary>
public static class MessageTypes
{
    /// <summary>Client opens a session.</summary>
    public const string Hello = "hello";
    /// <summary>Hub accepts a session.</summary>
    public const string Welcome = "welcome";
    /// <summary>Worker asks for a task.</summary>
    public const string Claim = "claim";
    /// <summary>Hub hands a task to a worker (the reply to a claim).</summary>
    public const string TaskAssigned = "task.assigned";
    /// <summary>Hub says there is nothing to claim (the reply to a claim).</summary>
    public const string NoTask = "no_task";
    /// <summary>Worker renews its leases.</summary>
    public const string Heartbeat = "heartbeat";
    /// <summary>Reply to heartbeat.</summary>
    public const string HeartbeatOk = "heartbeat.ok";
    /// <summary>Worker reports how a task ended.</summary>
    public const string Report = "report";
    /// <summary>Reply to report.</summary>
    public const string ReportOk = "report.ok";
    /// <summary>Worker gives a task back.</summary>
    public const string Release = "release";
    /// <summary>Reply to release.</summary>
    public const string ReleaseOk = "release.ok";
    /// <summary>Client asks for pushed events.</summary>
    public const string Subscribe = "subscribe";
    /// <summary>Reply to subscribe.</summary>
    public const string Subscribed = "subscribed";
    /// <summary>Client stops pushed events.</summary>
    public const string Unsubscribe = "unsubscribe";
    /// <summary>Reply to unsubscribe.</summary>
    public const string Unsubscribed = "unsubscribed";
    /// <summary>A pushed event.</summary>
    public const string Event = "event";
    /// <summary>Coordinator imports a plan.</summary>
    public const string Import = "import";
    /// <summary>Reply to import.</summary>
    public const string ImportOk = "import.ok";
    /// <summary>Asks for the status snapshot.</summary>
    public const string Status = "status";
    /// <summary>Reply to status.</summary>
    public const string StatusOk = "status.ok";
    /// <summary>Lists tasks.</summary>
    public const string TaskList = "task.list";
    /// <summary>Reply to task.list.</summary>
    public const string TaskListOk = "task.list.ok";
    /// <summary>Shows one task in full.</summary>
    public const string TaskShow = "task.show";
    /// <summary>Reply to task.show.</summary>
    public const string TaskShowOk = "task.show.ok";
    /// <summary>Cancels a task.</summary>
    public const string TaskCancel = "task.cancel";
    /// <summary>Reply to task.cancel.</summary>
    public const string TaskCancelOk = "task.cancel.ok";
    /// <summary>Reads events after an id.</summary>
    public const string EventsRead = "events.read";
    /// <summary>Reply to events.read.</summary>
    public const string EventsReadOk = "events.read.ok";
    /// <summary>Liveness probe.</summary>
    public const string Ping = "ping";
    /// <summary>Reply to ping.</summary>
    public const string Pong = "pong";
    /// <summary><c>inbox</c>.</summary>
    public const string Inbox = "inbox";
    /// <summary><c>inbox.ok</c>.</summary>
    public const string InboxOk = "inbox.ok";
    /// <summary><c>resolve</c>.</summary>
    public const string Resolve = "resolve";
    /// <summary><c>resolve.ok</c>.</summary>
    public const string ResolveOk = "resolve.ok";
    /// <summary><c>stats</c>.</summary>
    public const string Stats = "stats";
    /// <summary><c>stats.ok</c>.</summary>
    public const string StatsOk = "stats.ok";
    /// <summary><c>check</c>.</summary>
    public const string Check = "check";
    /// <summary><c>check.ok</c>.</summary>
    public const string CheckOk = "check.ok";
    /// <summary><c>verify</c>.</summary>
    public const string Verify = "verify";
    /// <summary><c>verify.ok</c>.</summary>
    public const string VerifyOk = "verify.ok";
    /// <summary>A request failed, or a frame could not be read.</summary>
    public const string Error = "error";

    /// <summary>Every type, for validation and the schema test.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Hello, Welcome, Claim, TaskAssigned, NoTask, Heartbeat, HeartbeatOk, Report, ReportOk, Release, ReleaseOk,
        Subscribe, Subscribed, Unsubscribe, Unsubscribed, Event, Import, ImportOk, Status, StatusOk, TaskList,
        TaskListOk, TaskShow, TaskShowOk, TaskCancel, TaskCancelOk, EventsRead, EventsReadOk, Ping, Pong, Error,
        Inbox, InboxOk, Resolve, ResolveOk, Stats, StatsOk, Check, CheckOk, Verify, VerifyOk,
    ];
}
