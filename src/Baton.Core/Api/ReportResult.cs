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
}
