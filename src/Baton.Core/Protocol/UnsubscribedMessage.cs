namespace Baton.Core.Protocol;

/// <summary><c>unsubscribed</c>: the reply to unsubscribe.</summary>
public sealed record UnsubscribedMessage : ProtocolMessage;
