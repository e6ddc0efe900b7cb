using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>How an attempt ended (<see cref="AttemptRecord.Ending"/>): the names stored and shown.</summary>
internal static class AttemptEndings
{
    /// <summary>A done report that was accepted without checks.</summary>
    public const string Done = "done";

    /// <summary>A failed report.</summary>
    public const string Failed = "failed";

    /// <summary>A blocked report.</summary>
    public const string Blocked = "blocked";

    /// <summary>A done report whose checks run.</summary>
    public const string Checking = "checking";

    /// <summary>A done report whose files conflict with other work.</summary>
    public const string Conflict = "conflict";

    /// <summary>A done report whose checks then failed.</summary>
    public const string ChecksFailed = "checks_failed";

    /// <summary>The lease ran out.</summary>
    public const string Expired = "expired";

    /// <summary>The holder gave the task back.</summary>
    public const string Released = "released";

    /// <summary>The holder's connection was gone for good.</summary>
    public const string Lost = "lost";

    /// <summary>The task was cancelled while leased.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>What the holder reported when the attempt ended with its report; null when it ended otherwise.</summary>
    public static ReportOutcome? ReportedOutcome(string? ending) => ending switch
    {
        Done or Checking or Conflict or ChecksFailed => ReportOutcome.Done,
        Failed => ReportOutcome.Failed,
        Blocked => ReportOutcome.Blocked,
        _ => null,
    };
}
