namespace Baton.Core.Protocol;

/// <summary><c>subscribe</c>: push every event after <see cref="After"/> (the stored ones first, then live ones),
/// without gaps or duplicates. A second subscribe replaces the first.</summary>
public sealed record SubscribeMessage : ProtocolMessage
{
    /// <summary>The last event id the client has; 0 for all.</summary>
    public long After { get; init; }
}
