namespace Baton.Core.Protocol;

/// <summary><c>unsubscribe</c>: stop pushing events.</summary>
public sealed record UnsubscribeMessage : ProtocolMessage;
