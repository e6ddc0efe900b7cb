using Baton.Core.Tasks;

namespace Baton.Core.Api;

/// <summary>A worker reports how its work on a task ended.</summary>
public sealed record ReportRequest
{
    /// <summary>The task.</summary>
    public required TaskId TaskId { get; init; }

    /// <summary>Who reports; must hold the task's live lease.</summary>
    public required WorkerId Worker { get; init; }

    /// <summary>done, failed or blocked.</summary>
    public required ReportOutcome Outcome { get; init; }

    /// <summary>What was done.</summary>
    public string Summary { get; init; } = "";

    /// <summary>Files changed.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Context score 1-5.</summary>
    public int? ContextScore { get; init; }

    /// <summary>Free notes.</summary>
    public string? Notes { get; init; }

    /// <summary>Where the work is, when not in the repository's main checkout: a git worktree of the repository (as
    /// <c>baton run</c> gives each worker, <c>BATON_WORKTREE</c>). The report's files are validated and its acceptance
    /// checks run there. Refused unless it is one of the repository's worktrees.</summary>
    public string? Worktree { get; init; }

    /// <summary>The lease reported under; checked when given.</summary>
    public LeaseId? LeaseId { get; init; }

    /// <summary>Makes a retried report apply once: a second report on the same task with the same key returns the
    /// first's result. Keys are told apart per task.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Also claim the worker's next task, in the same commit as the report: one round trip and one
    /// fsync per task instead of two. Its <see cref="ClaimRequest.Wait"/> is how long to wait when no task is
    /// ready; its worker is the reporter. The answer is in <see cref="ReportResult.Next"/>.</summary>
    public ClaimRequest? Next { get; init; }
}
