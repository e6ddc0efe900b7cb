using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>task.cancel.ok</c>: the task after cancelling.</summary>
public sealed record TaskCancelOkMessage : ProtocolMessage
{
    /// <summary>The task.</summary>
    public required TaskItem Task { get; init; }
}
