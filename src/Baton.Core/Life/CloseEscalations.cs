using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>Closes every open escalation of a task with the engineer's decision.</summary>
internal sealed record CloseEscalations(TaskId Task, string Resolution, string? Note, DateTimeOffset At) : LifeChange;
