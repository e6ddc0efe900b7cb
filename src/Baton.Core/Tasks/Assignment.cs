namespace Baton.Core.Tasks;

/// <summary>A claimed task handed to a worker: the task in full, its lease, and what came before.</summary>
public sealed record Assignment
{
    /// <summary>The task.</summary>
    public required TaskItem Task { get; init; }

    /// <summary>The lease the worker now holds.</summary>
    public required LeaseInfo Lease { get; init; }

    /// <summary>This attempt's number (1 for the first).</summary>
    public required int Attempt { get; init; }

    /// <summary>Why the last attempt was not accepted (failed acceptance checks with their output), if it was not.</summary>
    public string? Feedback { get; init; }

    /// <summary>Earlier attempts, so the worker learns what happened before.</summary>
    public IReadOnlyList<AttemptRecord> History { get; init; } = [];
}
