namespace Baton.Core.Protocol;

/// <summary><c>status</c>: asks for counts, progress, workers and completeness.</summary>
public sealed record StatusMessage : ProtocolMessage;
