using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>heartbeat</c>: the worker is alive; renews its leases (all, or one task's).</summary>
public sealed record HeartbeatMessage : ProtocolMessage
{
    /// <summary>Only this task's lease; all the worker's leases when absent.</summary>
    public TaskId? TaskId { get; init; }

    /// <summary>A progress note, kept for the next worker if this one is lost.</summary>
    public string? Note { get; init; }

    /// <summary>New lease length from now in milliseconds; the lease's own length when absent.</summary>
    public long? LeaseMs { get; init; }

    /// <summary>The worker; defaults to the session's. Required in the HTTP API.</summary>
    public WorkerId? Worker { get; init; }
}
