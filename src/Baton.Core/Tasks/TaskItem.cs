namespace Baton.Core.Tasks;

/// <summary>A stored task: its spec plus where it is in its life.</summary>
public sealed record TaskItem
{
    /// <summary>Unique id.</summary>
    public required TaskId Id { get; init; }

    /// <summary>Short title.</summary>
    public required string Title { get; init; }

    /// <summary>What to do.</summary>
    public string Description { get; init; } = "";

    /// <summary>Context for the worker.</summary>
    public string Context { get; init; } = "";

    /// <summary>Files worth reading first.</summary>
    public IReadOnlyList<string> ContextFiles { get; init; } = [];

    /// <summary>Acceptance criteria.</summary>
    public IReadOnlyList<AcceptanceItem> Acceptance { get; init; } = [];

    /// <summary>Globs the task may touch.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Tasks that must be done first.</summary>
    public IReadOnlyList<TaskId> DependsOn { get; init; } = [];

    /// <summary>Higher runs first.</summary>
    public int Priority { get; init; }

    /// <summary>Labels a worker must accept.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Attempts before escalation.</summary>
    public int MaxAttempts { get; init; } = TaskDefaults.MaxAttempts;

    /// <summary>Lease length for this task in milliseconds, when the plan set one.</summary>
    public long? LeaseMs { get; init; }

    /// <summary>Where the task is in its life.</summary>
    public required TaskState State { get; init; }

    /// <summary>Why it is in that state, when that is worth saying (e.g. what it waits on).</summary>
    public string? StateReason { get; init; }

    /// <summary>Claims made so far; the current or next attempt's number is this (or this + 1).</summary>
    public int Attempts { get; init; }

    /// <summary>The live lease, when leased.</summary>
    public LeaseInfo? CurrentLease { get; init; }

    /// <summary>The plan (import) the task came in with.</summary>
    public string? Plan { get; init; }

    /// <summary>Order of arrival in the store (plan order within one import).</summary>
    public long Seq { get; init; }

    /// <summary>When the task was added.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the task last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
