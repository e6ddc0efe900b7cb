using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>report</c>: the worker says how its work on a task ended.</summary>
public sealed record ReportMessage : ProtocolMessage
{
    /// <summary>The task.</summary>
    public required TaskId TaskId { get; init; }

    /// <summary>done, failed or blocked.</summary>
    public required ReportOutcome Outcome { get; init; }

    /// <summary>What was done.</summary>
    public string? Summary { get; init; }

    /// <summary>Files changed, relative to the repository root.</summary>
    public IReadOnlyList<string>? Files { get; init; }

    /// <summary>How complete the task's context was, 1-5.</summary>
    public int? ContextScore { get; init; }

    /// <summary>Free notes.</summary>
    public string? Notes { get; init; }

    /// <summary>The git worktree of the repository where the work is (absolute path), when not the main checkout:
    /// files are validated and checks run there. Anything that is not one of the repository's worktrees is refused.</summary>
    public string? Worktree { get; init; }

    /// <summary>The lease reported under; checked when given.</summary>
    public LeaseId? LeaseId { get; init; }

    /// <summary>Makes a retried report apply once: the same key returns the first result with <c>replayed: true</c>.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The worker; defaults to the session's. Required in the HTTP API.</summary>
    public WorkerId? Worker { get; init; }

    /// <summary>Also claim the next task in the same commit; the reply's <c>next</c> carries it.</summary>
    public bool Next { get; init; }

    /// <summary>With <see cref="Next"/>: how long to wait for a task when none is ready, in milliseconds;
    /// answer at once when absent or 0.</summary>
    public long? NextWaitMs { get; init; }

    /// <summary>With <see cref="Next"/>: the next task's lease length in milliseconds; the task's, then the
    /// hub's default when absent.</summary>
    public long? NextLeaseMs { get; init; }
}
