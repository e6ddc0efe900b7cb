using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>Opens an escalation: an item in the engineer's inbox (its event is a separate <see cref="AppendEvent"/>).</summary>
internal sealed record RaiseEscalation(TaskId Task, string Kind, string Reason, WorkerId? Worker, TaskId? ConflictingTask,
    WorkerId? ConflictingWorker, IReadOnlyList<string> Paths, DateTimeOffset At) : LifeChange;
