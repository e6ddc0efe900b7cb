namespace Baton.Core.Protocol;

/// <summary><c>verify</c>: re-run every done task's checks together; failures escalate as contradictions.</summary>
public sealed record VerifyMessage : ProtocolMessage;
