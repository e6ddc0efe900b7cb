namespace Baton.Core.Protocol;

/// <summary><c>pong</c>: the reply to ping.</summary>
public sealed record PongMessage : ProtocolMessage;
