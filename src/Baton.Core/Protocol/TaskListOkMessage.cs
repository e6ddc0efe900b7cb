using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>task.list.ok</c>: the tasks.</summary>
public sealed record TaskListOkMessage : ProtocolMessage
{
    /// <summary>The tasks in plan order.</summary>
    public required IReadOnlyList<TaskItem> Tasks { get; init; }
}
