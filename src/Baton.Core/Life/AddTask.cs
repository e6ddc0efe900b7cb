using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>Inserts a new task with its first life and its dependencies.</summary>
internal sealed record AddTask(TaskSpec Spec, string Plan, TaskLife Life) : LifeChange;
