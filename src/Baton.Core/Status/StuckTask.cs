using Baton.Core.Tasks;

namespace Baton.Core.Status;

/// <summary>A task that cannot reach done without the engineer: escalated itself, or pending on a
/// dependency that failed, was cancelled or is escalated (directly or further up the chain).</summary>
public sealed record StuckTask
{
    /// <summary>The task.</summary>
    public required TaskId TaskId { get; init; }

    /// <summary>Its state (escalated or pending).</summary>
    public required TaskState State { get; init; }

    /// <summary>Why, in words: "escalated: ..." or "depends on t2 (cancelled)".</summary>
    public required string Reason { get; init; }
}
