using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>What a claim reads of a task in one of <see cref="TaskMachine.ReservingStates"/>.</summary>
internal readonly record struct HoldingRow(long Seq, TaskId Task, TaskState State, WorkerId? Worker, DateTimeOffset? Deadline,
    DateTimeOffset? ClaimedAt, IReadOnlyList<string> Files);
