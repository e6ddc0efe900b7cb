namespace Baton.Core.Api;

/// <summary>The leases a heartbeat renewed.</summary>
public sealed record HeartbeatResult
{
    /// <summary>Each renewed lease with its task.</summary>
    public required IReadOnlyList<RenewedLease> Renewed { get; init; }
}
