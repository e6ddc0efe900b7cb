using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>The task is done: the store reads the tasks that depend on it and applies
/// <see cref="TaskMachine.DependencyDone"/> to them, here in the order of changes.</summary>
internal sealed record ReleaseDependents(TaskId Task, DateTimeOffset At) : LifeChange;
