using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>claim</c>: asks for the next ready task. Answered by <c>task.assigned</c> or <c>no_task</c>.</summary>
public sealed record ClaimMessage : ProtocolMessage
{
    /// <summary>Wait for a task when none is ready (the hub pushes the reply when one arrives).</summary>
    public bool Wait { get; init; }

    /// <summary>How long to wait in milliseconds; forever (until the connection closes) when absent.</summary>
    public long? WaitMs { get; init; }

    /// <summary>Lease length in milliseconds; the task's, then the hub's default when absent.</summary>
    public long? LeaseMs { get; init; }

    /// <summary>Tasks the worker may hold at once; unchanged when absent.</summary>
    public int? Capacity { get; init; }

    /// <summary>Labels the worker accepts; unchanged when absent.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>The worker's priority under the hub's <c>priority</c> policy (higher first); the session's
    /// (from hello), else 0, when absent.</summary>
    public int? Priority { get; init; }

    /// <summary>The worker; defaults to the session's. Required in the HTTP API.</summary>
    public WorkerId? Worker { get; init; }
}
