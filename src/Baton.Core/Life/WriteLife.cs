using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>Writes a task's life: every column of <see cref="TaskLife"/>. <see cref="Before"/> is what the decision
/// read, for a store that checks the row did not change underneath (one without a write lock).</summary>
internal sealed record WriteLife(TaskId Task, TaskLife Before, TaskLife After) : LifeChange;
