using Baton.Core.Events;

namespace Baton.Core.Protocol;

/// <summary><c>events.read.ok</c>: the events.</summary>
public sealed record EventsReadOkMessage : ProtocolMessage
{
    /// <summary>Events oldest first; empty when there is none.</summary>
    public required IReadOnlyList<BatonEvent> Events { get; init; }
}
