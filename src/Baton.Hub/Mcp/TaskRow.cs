using Baton.Core.Tasks;

namespace Baton.Hub.Mcp;

/// <summary>A task in <c>list_tasks</c>'s short form: where it stands, without its body (show_task has that).</summary>
internal sealed record TaskRow
{
    public required TaskId Id { get; init; }

    public required string Title { get; init; }

    public required TaskState State { get; init; }

    /// <summary>Who holds the lease, while one is held.</summary>
    public WorkerId? Worker { get; init; }

    /// <summary>Why it is in its state (what it waits on, why an attempt failed).</summary>
    public string? Reason { get; init; }

    public required int Attempts { get; init; }

    public IReadOnlyList<TaskId>? DependsOn { get; init; }

    public static TaskRow Of(TaskItem task) => new()
    {
        Id = task.Id,
        Title = task.Title,
        State = task.State,
        Worker = task.CurrentLease?.Worker,
        Reason = task.StateReason,
        Attempts = task.Attempts,
        DependsOn = task.DependsOn.Count == 0 ? null : task.DependsOn,
    };
}
