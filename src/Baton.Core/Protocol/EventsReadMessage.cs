namespace Baton.Core.Protocol;

/// <summary><c>events.read</c>: reads stored events after an id, oldest first.</summary>
public sealed record EventsReadMessage : ProtocolMessage
{
    /// <summary>Events after this id; 0 for the first.</summary>
    public long After { get; init; }

    /// <summary>At most this many (1-1000); 100 when absent. (Nullable rather than initialized: the
    /// source-generated reader does not run initializers of init-only members.)</summary>
    public int? Max { get; init; }

    /// <summary>When there is none yet, wait this long in milliseconds for the first one.</summary>
    public long? WaitMs { get; init; }
}
