using Baton.Core.Escalations;

namespace Baton.Core.Protocol;

/// <summary><c>inbox.ok</c>: the inbox.</summary>
public sealed record InboxOkMessage : ProtocolMessage
{
    /// <summary>Open escalations, oldest first.</summary>
    public required IReadOnlyList<InboxItem> Items { get; init; }
}
