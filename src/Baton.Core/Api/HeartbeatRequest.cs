using Baton.Core.Tasks;

namespace Baton.Core.Api;

/// <summary>A worker says it is alive and renews its leases (all of them, or one task's).</summary>
public sealed record HeartbeatRequest
{
    /// <summary>Who speaks.</summary>
    public required WorkerId Worker { get; init; }

    /// <summary>Only this task's lease; all the worker's leases when null.</summary>
    public TaskId? Task { get; init; }

    /// <summary>A progress note, kept with the attempt for the next worker if this one is lost.</summary>
    public string? Note { get; init; }

    /// <summary>New lease length from now; the lease's own length when null.</summary>
    public TimeSpan? Lease { get; init; }
}
