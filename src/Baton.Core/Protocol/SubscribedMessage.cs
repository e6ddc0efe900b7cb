namespace Baton.Core.Protocol;

/// <summary><c>subscribed</c>: the reply to subscribe; <c>event</c> messages follow.</summary>
public sealed record SubscribedMessage : ProtocolMessage
{
    /// <summary>Events after this id will be pushed.</summary>
    public required long After { get; init; }

    /// <summary>The newest event id in the store when the subscription started.</summary>
    public required long LastEventId { get; init; }
}
