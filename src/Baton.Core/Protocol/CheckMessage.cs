using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>check</c>: run a task's acceptance checks now (changes nothing).</summary>
public sealed record CheckMessage : ProtocolMessage
{
    /// <summary>The task.</summary>
    public required TaskId TaskId { get; init; }
}
