using Baton.Core.Workers;

namespace Baton.Core.Status;

/// <summary>What <c>baton status</c> shows: counts, progress, workers, completeness.</summary>
public sealed record StatusSnapshot
{
    /// <summary>Tasks per state, every state present.</summary>
    public required IReadOnlyDictionary<string, int> Counts { get; init; }

    /// <summary>All tasks.</summary>
    public required int Total { get; init; }

    /// <summary>Tasks done.</summary>
    public required int Done { get; init; }

    /// <summary>Done over total (cancelled tasks left out), 0-1.</summary>
    public required double Progress { get; init; }

    /// <summary>True when there is at least one task and every task is finished (done, failed or cancelled)
    /// and none is escalated.</summary>
    public required bool Complete { get; init; }

    /// <summary>Every known worker.</summary>
    public required IReadOnlyList<WorkerInfo> Workers { get; init; }

    /// <summary>Tasks waiting and why (dependency, reservation), for the status view.</summary>
    public IReadOnlyList<WaitingTask> Waiting { get; init; } = [];

    /// <summary>The newest event id; a watcher subscribes after it.</summary>
    public long LastEventId { get; init; }

    /// <summary>When the first task was claimed.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Estimated time left from the pace so far, in milliseconds.</summary>
    public long? EtaMs { get; init; }

    /// <summary>When this snapshot was taken.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The store file a hub serves, as the hub names it (a hub's answer only; null in local mode, where
    /// the caller opened the store itself). Tells a hub of another repository on the expected port from this one's.</summary>
    public string? Store { get; init; }
}
