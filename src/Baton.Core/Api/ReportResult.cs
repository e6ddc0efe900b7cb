using Baton.Core.Tasks;

namespace Baton.Core.Api;

/// <summary>What a report did.</summary>
public sealed record ReportResult
{
    /// <summary>The task after the report.</summary>
    public required TaskItem Task { get; init; }

    /// <summary>The stored report.</summary>
    public required ReportRecord Report { get; init; }

    /// <summary>The acceptance checks run on a done report, when the task has machine checks.</summary>
    public Baton.Core.Checks.CheckReport? Checks { get; init; }

    /// <summary>True when this was a retry of a report already applied (same idempotency key).</summary>
    public bool Replayed { get; init; }

    /// <summary>The next task, leased to the reporter, when the report asked for one (<see cref="ReportRequest.Next"/>)
    /// and one was ready (or became ready within its wait).</summary>
    public Assignment? Next { get; init; }

    /// <summary>Why no next task was handed out, when one was asked for and none came.</summary>
    public string? NoNext { get; init; }

    /// <summary>This result with the outcome of its next claim: the assignment, or why none came.</summary>
    public ReportResult WithNext(Baton.Core.Errors.Result<Assignment> claimed)
        => claimed.IsOk ? this with { Next = claimed.Value, NoNext = null } : this with { Next = null, NoNext = claimed.Error.Message };
}
