namespace Baton.Core.Tasks;

/// <summary>A live claim of a task by one worker.</summary>
public sealed record LeaseInfo
{
    /// <summary>The lease's id; reports may name it.</summary>
    public required LeaseId Id { get; init; }

    /// <summary>The worker holding it.</summary>
    public required WorkerId Worker { get; init; }

    /// <summary>When the task was claimed under this lease.</summary>
    public required DateTimeOffset ClaimedAt { get; init; }

    /// <summary>When it runs out unless renewed.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
