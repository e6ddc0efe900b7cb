using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>task.list</c>: lists tasks in plan order.</summary>
public sealed record TaskListMessage : ProtocolMessage
{
    /// <summary>Only tasks in this state.</summary>
    public TaskState? State { get; init; }

    /// <summary>Only tasks that can be claimed now.</summary>
    public bool ReadyOnly { get; init; }
}
