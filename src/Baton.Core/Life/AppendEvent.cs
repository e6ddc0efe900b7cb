using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>Appends an event (<see cref="Events.EventTypes"/>), in the decision's order.</summary>
internal sealed record AppendEvent(DateTimeOffset At, string Type, TaskId? Task, WorkerId? Worker, TaskState? State, string Message) : LifeChange
{
    /// <summary>The event's data, a JSON object as text (<see cref="Events.BatonEvent.Data"/>), or null.</summary>
    public string? Data { get; init; }
}
