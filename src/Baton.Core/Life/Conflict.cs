using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>Why a done report conflicts with other work (<see cref="TaskMachine.FindConflict"/>).</summary>
internal sealed record Conflict(string Kind, string Reason, TaskId? OtherTask, WorkerId? OtherWorker, IReadOnlyList<string> Paths);
