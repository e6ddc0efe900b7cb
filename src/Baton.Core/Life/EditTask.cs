using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>Replaces what the engineer edited of a task's text; a null field keeps its value.</summary>
internal sealed record EditTask(TaskId Task, string? Title, string? Description, string? Context) : LifeChange
{
    /// <summary>The task with this edit made.</summary>
    public TaskItem ApplyTo(TaskItem task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task with { Title = Title ?? task.Title, Description = Description ?? task.Description, Context = Context ?? task.Context };
    }
}
