using Baton.Core.Tasks;

namespace Baton.Core.Api;

/// <summary>A worker asks for the next ready task.</summary>
public sealed record ClaimRequest
{
    /// <summary>Who claims.</summary>
    public required WorkerId Worker { get; init; }

    /// <summary>How long to wait for a task when none is ready; null or zero: answer at once.</summary>
    public TimeSpan? Wait { get; init; }

    /// <summary>Lease length; the task's, then the store's or hub's default when null.</summary>
    public TimeSpan? Lease { get; init; }

    /// <summary>Tasks the worker may hold at once; unchanged when null (default 1).</summary>
    public int? Capacity { get; init; }

    /// <summary>Labels the worker accepts; unchanged when null.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>When the worker started asking (for handoff latency); the store's now when null.</summary>
    public DateTimeOffset? RequestedAt { get; init; }

    /// <summary>The worker's priority under the hub's <c>priority</c> policy (higher is served first);
    /// 0 when null. Other policies and local mode ignore it.</summary>
    public int? Priority { get; init; }
}
