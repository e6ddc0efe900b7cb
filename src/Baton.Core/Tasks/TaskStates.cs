namespace Baton.Core.Tasks;

/// <summary>Wire names of <see cref="TaskState"/> and the facts about each state.</summary>
public static class TaskStates
{
    /// <summary>The snake_case name used on the wire, in the store and in the CLI.</summary>
    public static string ToWire(this TaskState state) => state switch
    {
        TaskState.Pending => "pending",
        TaskState.Ready => "ready",
        TaskState.Leased => "leased",
        TaskState.Checking => "checking",
        TaskState.Done => "done",
        TaskState.Failed => "failed",
        TaskState.Cancelled => "cancelled",
        TaskState.Escalated => "escalated",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown task state"),
    };

    /// <summary>Reads a wire name; false when it names no state.</summary>
    public static bool TryParse(string? text, out TaskState state)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWire(), text, StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }
        state = default;
        return false;
    }

    /// <summary>Every state, in life order.</summary>
    public static IReadOnlyList<TaskState> All { get; } = Enum.GetValues<TaskState>();

    /// <summary>True when the task will not change again without a human.</summary>
    public static bool IsFinished(this TaskState state)
        => state is TaskState.Done or TaskState.Failed or TaskState.Cancelled;
}
