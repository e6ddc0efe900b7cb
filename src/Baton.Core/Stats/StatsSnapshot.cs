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

    /// <summary>First claim to last finish, ms.</summary>
    public long? WallMs { get; init; }

    /// <summary>Sum of the time workers held the tasks that finished done, ms.</summary>
    public long TaskMs { get; init; }

    /// <summary>TaskMs over WallMs: how much the parallelism saved.</summary>
    public double? Speedup { get; init; }

    /// <summary>Tasks done.</summary>
    public int Done { get; init; }

    /// <summary>Tasks escalated and still open.</summary>
    public int OpenEscalations { get; init; }
}
