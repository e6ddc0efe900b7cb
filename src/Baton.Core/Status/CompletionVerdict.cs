using Baton.Core.Tasks;

namespace Baton.Core.Status;

/// <summary>Where a set of tasks stands, for <c>baton wait</c>: finished, stuck, or still open.</summary>
public sealed record CompletionVerdict
{
    /// <summary>Tasks done.</summary>
    public required IReadOnlyList<TaskId> Done { get; init; }

    /// <summary>Tasks failed for good.</summary>
    public required IReadOnlyList<TaskId> Failed { get; init; }

    /// <summary>Tasks cancelled.</summary>
    public required IReadOnlyList<TaskId> Cancelled { get; init; }

    /// <summary>Tasks that cannot reach done without the engineer (escalated, or blocked by such a task).</summary>
    public required IReadOnlyList<StuckTask> Stuck { get; init; }

    /// <summary>Tasks that may still reach done.</summary>
    public required IReadOnlyList<OpenTask> Open { get; init; }

    /// <summary>Asked-for ids that do not exist.</summary>
    public IReadOnlyList<TaskId> Missing { get; init; } = [];

    /// <summary>Nothing is open: every task is finished or stuck, so waiting longer changes nothing by itself.</summary>
    public bool Settled => Open.Count == 0;

    /// <summary>Settled, and every task is done.</summary>
    public bool AllDone => Settled && Failed.Count == 0 && Cancelled.Count == 0 && Stuck.Count == 0;
}
