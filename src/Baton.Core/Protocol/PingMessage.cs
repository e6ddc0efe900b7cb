namespace Baton.Core.Protocol;

/// <summary><c>ping</c>: liveness probe; answered by <c>pong</c>. Allowed before hello.</summary>
public sealed record PingMessage : ProtocolMessage;
