using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>task.show</c>: one task with its attempts, reports and events.</summary>
public sealed record TaskShowMessage : ProtocolMessage
{
    /// <summary>The task.</summary>
    public required TaskId TaskId { get; init; }
}
