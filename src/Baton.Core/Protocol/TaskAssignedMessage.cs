using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>task.assigned</c>: the reply to a claim that got a task.</summary>
public sealed record TaskAssignedMessage : ProtocolMessage
{
    /// <summary>The task, its lease, the attempt number and the earlier attempts.</summary>
    public required Assignment Assignment { get; init; }
}
