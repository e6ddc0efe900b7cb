using Baton.Core.Events;

namespace Baton.Core.Protocol;

/// <summary><c>event</c>: pushed to a subscriber for every stored event, in id order. Has no request id.</summary>
public sealed record EventMessage : ProtocolMessage
{
    /// <summary>The event.</summary>
    public required BatonEvent Event { get; init; }
}
