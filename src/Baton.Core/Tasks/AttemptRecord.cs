namespace Baton.Core.Tasks;

/// <summary>One claim of a task and how it ended.</summary>
public sealed record AttemptRecord
{
    /// <summary>1 for the first claim.</summary>
    public required int Number { get; init; }

    /// <summary>The lease of this attempt.</summary>
    public required LeaseId LeaseId { get; init; }

    /// <summary>Who worked on it.</summary>
    public required WorkerId Worker { get; init; }

    /// <summary>When it was claimed.</summary>
    public required DateTimeOffset ClaimedAt { get; init; }

    /// <summary>When it ended, if it has.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>How it ended: done, failed, blocked, expired, released, cancelled; null while live.</summary>
    public string? Ending { get; init; }

    /// <summary>The last heartbeat note or the report summary: what the next worker should know.</summary>
    public string? Note { get; init; }

    /// <summary>The acceptance checks run on this attempt's done report, with each result; null when none ran.</summary>
    public Checks.CheckReport? Checks { get; init; }
}
