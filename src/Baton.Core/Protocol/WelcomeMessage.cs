using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>welcome</c>: the reply to hello.</summary>
public sealed record WelcomeMessage : ProtocolMessage
{
    /// <summary>The protocol version the hub speaks.</summary>
    public required int Protocol { get; init; }

    /// <summary>This connection's session id (for logs).</summary>
    public required string Session { get; init; }

    /// <summary>The worker this session speaks as, if any.</summary>
    public WorkerId? Worker { get; init; }

    /// <summary>The newest event id in the store.</summary>
    public required long LastEventId { get; init; }
}
