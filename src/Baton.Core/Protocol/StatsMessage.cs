namespace Baton.Core.Protocol;

/// <summary><c>stats</c>: the seed's metrics.</summary>
public sealed record StatsMessage : ProtocolMessage;
