using Baton.Core.Checks;

namespace Baton.Core.Protocol;

/// <summary><c>check.ok</c>: the checks' results.</summary>
public sealed record CheckOkMessage : ProtocolMessage
{
    /// <summary>The results.</summary>
    public required CheckReport Report { get; init; }
}
