namespace Baton.Core.Escalations;

/// <summary>An item in the engineer's inbox: why a task needs a human decision, and how it was decided.</summary>
public sealed record Escalation
{
    /// <summary>Store-wide number.</summary>
    public required long Id { get; init; }

    /// <summary>The task.</summary>
    public required string TaskId { get; init; }

    /// <summary>Why: see <see cref="EscalationKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>One line saying what happened.</summary>
    public required string Reason { get; init; }

    /// <summary>The worker whose attempt led here, if any.</summary>
    public string? Worker { get; init; }

    /// <summary>For conflicts: the other task.</summary>
    public string? ConflictingTask { get; init; }

    /// <summary>For conflicts: the other task's worker.</summary>
    public string? ConflictingWorker { get; init; }

    /// <summary>For conflicts: the paths in question.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>When it was raised.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the engineer decided, if they have.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>retry, done, cancel or edit, once decided.</summary>
    public string? Resolution { get; init; }

    /// <summary>The engineer's note.</summary>
    public string? Note { get; init; }
}
