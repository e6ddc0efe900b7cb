using Baton.Core.Status;

namespace Baton.Core.Protocol;

/// <summary><c>status.ok</c>: the status snapshot.</summary>
public sealed record StatusOkMessage : ProtocolMessage
{
    /// <summary>The snapshot.</summary>
    public required StatusSnapshot Status { get; init; }
}
