namespace Baton.Core.Protocol;

/// <summary><c>inbox</c>: the open escalations, each with everything needed to decide it.</summary>
public sealed record InboxMessage : ProtocolMessage;
