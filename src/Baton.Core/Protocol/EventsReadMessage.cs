namespace Baton.Core.Protocol;

/// <summary><c>events.read</c>: reads stored events after an id, oldest first.</summary>
public sealed record EventsReadMessage : ProtocolMessage
{
    /// <summary>Events after this id; 0 for the first.</summary>
    public long After { get; init; }

    /// <summary>At most this many (1-1000). Default 100.</summary>
    public int Max { get; init; } = 100;

    /// <summary>When there is none yet, wait this long in milliseconds for the first one.</summary>
    public long? WaitMs { get; init; }
}
