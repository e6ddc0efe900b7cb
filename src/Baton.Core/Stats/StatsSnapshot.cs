namespace Baton.Core.Stats;

/// <summary>The numbers the seed tracks, for <c>baton stats</c>.</summary>
public sealed record StatsSnapshot
{
    /// <summary>Engineer interventions (resolved escalations) in all.</summary>
    public required int Interventions { get; init; }

    /// <summary>Interventions per task (only tasks that had any).</summary>
    public required IReadOnlyDictionary<string, int> InterventionsPerTask { get; init; }

    /// <summary>Average context score of reports that gave one (the seed's bar: at least 4).</summary>
    public double? AverageContextScore { get; init; }

    /// <summary>Reports that gave a context score.</summary>
    public int ContextScores { get; init; }

    /// <summary>Share of tasks with machine checks whose first attempt passed them, 0-1.</summary>
    public double? FirstAttemptCheckPassRate { get; init; }

    /// <summary>Claims per task tried (every task claimed at least once, whatever its state now).</summary>
    public double? AttemptsPerTask { get; init; }

    /// <summary>Average time from a failure to its task being handed back, ms: from a lost worker's last sign of
    /// life to its lease's end, the run time of failed checks, and 0 for a failed report (the worker said so).</summary>
    public double? FailureDetectionMs { get; init; }

    /// <summary>Failures detected: <see cref="LostWorkers"/>, <see cref="FailedChecks"/> and <see cref="FailedReports"/>.</summary>
    public int FailuresDetected { get; init; }

    /// <summary>Attempts that ended because the worker was lost (lease expired, connection dropped).</summary>
    public int LostWorkers { get; init; }

    /// <summary>Done reports whose acceptance checks failed.</summary>
    public int FailedChecks { get; init; }

    /// <summary>Attempts the worker reported failed.</summary>
    public int FailedReports { get; init; }

    /// <summary>Median time from a task being ready with a worker waiting to the worker having it, ms.</summary>
    public double? HandoffP50Ms { get; init; }

    /// <summary>Slowest such handoff, ms.</summary>
    public double? HandoffMaxMs { get; init; }

    /// <summary>Wall time: from the first claim of any attempt to the last task finishing done (its acceptance
    /// checks passed, or its done report when it has none), ms. Null before a task is done.</summary>
    public long? WallMs { get; init; }

    /// <summary>Serial time: the sum of the time workers held the tasks that finished done, over their done
    /// attempts (claim to report), ms: what one agent doing them one after another would have spent.</summary>
    public long TaskMs { get; init; }

    /// <summary>TaskMs over WallMs: how much the parallelism saved.</summary>
    public double? Speedup { get; init; }

    /// <summary>Time saved: <see cref="TaskMs"/> minus <see cref="WallMs"/>, ms (negative when the plan ran slower
    /// than one agent would have). Null before a task is done.</summary>
    public long? TimeSavedMs { get; init; }

    /// <summary>Coordination overhead: <see cref="QueueWaitMs"/> + <see cref="ChecksMs"/> + <see cref="RetryMs"/>, ms.</summary>
    public long CoordinationMs { get; init; }

    /// <summary>Time tasks waited from ready (added ready, their dependencies done, or handed back) to claimed,
    /// summed over every claim, ms.</summary>
    public long QueueWaitMs { get; init; }

    /// <summary>Claims <see cref="QueueWaitMs"/> is summed over.</summary>
    public int QueueWaits { get; init; }

    /// <summary>Average queue wait per claim, ms.</summary>
    public double? AverageQueueWaitMs { get; init; }

    /// <summary>Run time of acceptance checks (as the checks recorded it), summed over every check run, ms.</summary>
    public long ChecksMs { get; init; }

    /// <summary>Acceptance check runs <see cref="ChecksMs"/> is summed over.</summary>
    public int CheckRuns { get; init; }

    /// <summary>Time lost to retries: the time workers held attempts that did not end done (failed, failed
    /// checks, lost, released, blocked, cancelled), claim to end, ms.</summary>
    public long RetryMs { get; init; }

    /// <summary>Attempts <see cref="RetryMs"/> is summed over.</summary>
    public int RetriedAttempts { get; init; }

    /// <summary>Interventions per task: <see cref="Interventions"/> over <see cref="Tasks"/>.</summary>
    public double? InterventionRate { get; init; }

    /// <summary>Tasks in the store.</summary>
    public int Tasks { get; init; }

    /// <summary>Tasks not in a final state (done, failed, cancelled): pending, ready, leased, checking or escalated.</summary>
    public int OpenTasks { get; init; }

    /// <summary>True when there are tasks and every one is in a final state: the plan is finished.</summary>
    public bool Finished { get; init; }

    /// <summary>Per-task figures, in plan order, for at most <see cref="MaxTaskRows"/> tasks: all of them, or
    /// when there are more, those with the most interventions, then attempts, then work time.</summary>
    public IReadOnlyList<StatsTaskRow> TaskRows { get; init; } = [];

    /// <summary>How many rows <see cref="TaskRows"/> holds at most.</summary>
    public const int MaxTaskRows = 50;

    /// <summary>Tasks done.</summary>
    public int Done { get; init; }

    /// <summary>Tasks escalated and still open.</summary>
    public int OpenEscalations { get; init; }
}
