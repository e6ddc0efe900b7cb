using Baton.Core.Api;

namespace Baton.Core.Protocol;

/// <summary><c>heartbeat.ok</c>: the leases renewed.</summary>
public sealed record HeartbeatOkMessage : ProtocolMessage
{
    /// <summary>Each renewed lease.</summary>
    public required IReadOnlyList<RenewedLease> Renewed { get; init; }
}
