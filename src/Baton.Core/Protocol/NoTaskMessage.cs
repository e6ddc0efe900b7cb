namespace Baton.Core.Protocol;

/// <summary><c>no_task</c>: the reply to a claim when nothing could be claimed (or the wait ran out).</summary>
public sealed record NoTaskMessage : ProtocolMessage
{
    /// <summary>Why, in words.</summary>
    public string? Message { get; init; }
}
