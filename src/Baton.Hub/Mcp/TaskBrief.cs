using Baton.Core.Tasks;

namespace Baton.Hub.Mcp;

/// <summary>A task in one line: enough to say what finished and what is still open.</summary>
internal sealed record TaskBrief
{
    public required TaskId Id { get; init; }

    public required TaskState State { get; init; }

    public required string Title { get; init; }

    public static TaskBrief Of(TaskItem task) => new() { Id = task.Id, State = task.State, Title = task.Title };
}
