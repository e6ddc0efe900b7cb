using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>resolve.ok</c>: the task after the decision.</summary>
public sealed record ResolveOkMessage : ProtocolMessage
{
    /// <summary>The task.</summary>
    public required TaskItem Task { get; init; }
}
