using Baton.Core.Checks;

namespace Baton.Core.Protocol;

/// <summary><c>verify.ok</c>: per task results.</summary>
public sealed record VerifyOkMessage : ProtocolMessage
{
    /// <summary>The results.</summary>
    public required VerifyResult Result { get; init; }
}
