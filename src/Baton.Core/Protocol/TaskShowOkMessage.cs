using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>task.show.ok</c>: the task in full.</summary>
public sealed record TaskShowOkMessage : ProtocolMessage
{
    /// <summary>The task, its attempts, reports and events.</summary>
    public required TaskDetail Detail { get; init; }
}
