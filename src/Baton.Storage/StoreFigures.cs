using Baton.Core.Life;
using Baton.Core.Stats;
using Baton.Core.Status;
using Baton.Core.Tasks;
using Baton.Core.Workers;

namespace Baton.Storage;

/// <summary>
/// What both stores (SQLite and PostgreSQL) compute from values they have already read for status, stats, the ROI
/// figures and the worker list: one copy, so the two stores show the same figures from the same data. Each store
/// keeps its own SQL and readers; nothing here reads.
/// </summary>
internal static class StoreFigures
{
    /// <summary>The status from the per-state counts (every state present, by stored name) and the other reads.</summary>
    public static StatusSnapshot Status(Dictionary<string, int> counts, long? startedMs, long now,
        IReadOnlyList<WorkerInfo> workers, IReadOnlyList<WaitingTask> waiting, long lastEventId)
    {
        int Of(TaskState state) => counts[StoredStates.Name(state)];
        var total = counts.Values.Sum();
        var done = Of(TaskState.Done);
        var countable = total - Of(TaskState.Cancelled);
        var unfinished = total - done - Of(TaskState.Failed) - Of(TaskState.Cancelled);
        long? eta = null;
        if (startedMs is { } started && done > 0 && unfinished > 0)
        {
            eta = (now - started) * unfinished / done;
        }
        return new StatusSnapshot
        {
            Counts = counts,
            Total = total,
            Done = done,
            Progress = countable == 0 ? 0 : (double)done / countable,
            Complete = total > 0 && unfinished == 0,
            Workers = workers,
            Waiting = waiting,
            LastEventId = lastEventId,
            StartedAt = startedMs is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
            EtaMs = eta,
            At = DateTimeOffset.FromUnixTimeMilliseconds(now),
        };
    }

    /// <summary>An escalated task in the status's waiting list (<paramref name="reason"/> is its state reason).</summary>
    public static WaitingTask Escalated(string taskId, string? reason)
        => new() { TaskId = taskId, State = TaskState.Escalated.ToWire(), Reason = reason ?? "needs the engineer" };

    /// <summary>Adds a pending task's unfinished dependency (its id and stored state) to <paramref name="pending"/>.</summary>
    public static void AddPendingDependency(Dictionary<string, List<string>> pending, string taskId, string dependency, string dependencyState)
    {
        if (!pending.TryGetValue(taskId, out var list))
        {
            pending[taskId] = list = [];
        }
        list.Add(StoredStates.Parse(dependencyState, dependency) is TaskState.Cancelled or TaskState.Escalated or TaskState.Failed
            ? $"{dependency} ({dependencyState}: needs the engineer)"
            : $"{dependency} ({dependencyState})");
    }

    /// <summary>A pending task in the status's waiting list, naming the dependencies it waits on.</summary>
    public static WaitingTask Pending(string taskId, List<string> dependencies)
        => new() { TaskId = taskId, State = TaskState.Pending.ToWire(), Reason = "waits on " + string.Join(", ", dependencies) };

    /// <summary>A ready task held back by files reserved by <paramref name="holder"/>'s lease.</summary>
    public static WaitingTask Reserved(string taskId, string holder)
        => new() { TaskId = taskId, State = StoredStates.Name(TaskMachine.ClaimableState), Reason = $"files overlap those reserved by {holder}" };

    /// <summary>A worker's health from its connection, how long it has been silent, and whether it holds tasks: alive
    /// (connected, or heard within a minute), late (not heard for a while but may still be working: a CLI worker between
    /// heartbeats, or holding a lease) or gone (silent and holding nothing for long).</summary>
    public static string WorkerHealth(bool connected, long silentMs, bool holdsTasks)
    {
        if (connected || silentMs <= TaskDefaults.LateAfter.TotalMilliseconds)
        {
            return "alive";
        }
        return holdsTasks || silentMs <= TaskDefaults.Lease.TotalMilliseconds ? "late" : "gone";
    }

    /// <summary>A worker's state from its health and whether it holds tasks.</summary>
    public static string WorkerState(string health, bool holdsTasks)
        => health == "gone" && !holdsTasks ? "gone" : holdsTasks ? "busy" : "idle";

    /// <summary>The stats from what the stats snapshot read (the ROI figures are added by <see cref="WithRoi"/>).</summary>
    public static StatsSnapshot Stats(Dictionary<string, int> perTask, double? avgScore, int scores, double? firstPass,
        double? attemptsPerTask, FailureTally failures, List<long> handoffs, long taskMs, int done, int openEscalations)
        => new()
        {
            Interventions = perTask.Values.Sum(),
            InterventionsPerTask = perTask,
            AverageContextScore = avgScore,
            ContextScores = scores,
            FirstAttemptCheckPassRate = firstPass,
            AttemptsPerTask = attemptsPerTask,
            FailureDetectionMs = failures.DetectionMs,
            FailuresDetected = failures.Count,
            LostWorkers = failures.Lost,
            FailedChecks = failures.ChecksFailed,
            FailedReports = failures.Reported,
            HandoffP50Ms = handoffs.Count == 0 ? null : handoffs[(handoffs.Count - 1) / 2],
            HandoffMaxMs = handoffs.Count == 0 ? null : handoffs[^1],
            TaskMs = taskMs,
            Done = done,
            OpenEscalations = openEscalations,
        };

    /// <summary><paramref name="stats"/> with the ROI figures: wall time (null before a claim and a done task) and the
    /// coordination overhead (queue waits, check runs and retried attempts: how many and their total milliseconds).</summary>
    public static StatsSnapshot WithRoi(StatsSnapshot stats, long? wall, int queued, long queueMs, int checkRuns, long checksMs,
        int retried, long retryMs, int tasks, int open, List<StatsTaskRow> rows)
        => stats with
        {
            WallMs = wall,
            Speedup = wall is > 0 ? (double)stats.TaskMs / wall.Value : null,
            TimeSavedMs = wall is { } w ? stats.TaskMs - w : null,
            CoordinationMs = queueMs + checksMs + retryMs,
            QueueWaitMs = queueMs,
            QueueWaits = queued,
            AverageQueueWaitMs = queued == 0 ? null : (double)queueMs / queued,
            ChecksMs = checksMs,
            CheckRuns = checkRuns,
            RetryMs = retryMs,
            RetriedAttempts = retried,
            InterventionRate = tasks == 0 ? null : (double)stats.Interventions / tasks,
            Tasks = tasks,
            OpenTasks = open,
            Finished = tasks > 0 && open == 0,
            TaskRows = rows,
        };
}

/// <summary>
/// The failed attempts the stats count, by ending: a lost worker (lease expired or connection dropped), failed checks,
/// or a failed report; with the total time to detect them (from the last sign of life, or the checks' run time).
/// </summary>
internal sealed class FailureTally
{
    private long _detectionMs;

    /// <summary>Attempts whose worker was lost.</summary>
    public int Lost { get; private set; }

    /// <summary>Attempts whose checks failed.</summary>
    public int ChecksFailed { get; private set; }

    /// <summary>Attempts reported failed.</summary>
    public int Reported { get; private set; }

    /// <summary>All of them.</summary>
    public int Count => Lost + ChecksFailed + Reported;

    /// <summary>The average time to detect a failure, or null when there was none.</summary>
    public double? DetectionMs => Count == 0 ? null : (double)_detectionMs / Count;

    /// <summary>Counts <paramref name="count"/> attempts that ended <paramref name="ending"/> (one of the failed
    /// endings), detected in <paramref name="detectionMs"/> in all.</summary>
    public void Add(string ending, int count, long detectionMs)
    {
        _detectionMs += detectionMs;
        switch (ending)
        {
            case AttemptEndings.ChecksFailed: ChecksFailed += count; break;
            case AttemptEndings.Failed: Reported += count; break;
            default: Lost += count; break;
        }
    }
}
