using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Postgres;

/// <summary>A ready task as Core's claim sees it: read whole (with its dependencies), so the chosen one answers the claim
/// without another read.</summary>
internal sealed class ReadyRow(TaskItem task, TaskLife life) : IClaimCandidate
{
    public TaskItem Task { get; } = task;

    public TaskLife Life { get; } = life;

    public IReadOnlyList<string> Labels => Task.Labels;

    public IReadOnlyList<string> Files => Task.Files;

    /// <summary>Whether this row comes before (or is) the row at <paramref name="priority"/>, <paramref name="seq"/> in
    /// claim order (TaskMachine.ClaimOrder: priority descending, then seq).</summary>
    public bool ComesBefore(long priority, long seq) => Task.Priority > priority || (Task.Priority == priority && Task.Seq <= seq);
}
