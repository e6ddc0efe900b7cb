namespace Baton.Core.Tasks;

/// <summary>A task as a plan describes it, validated, before it is stored.</summary>
public sealed record TaskSpec
{
    /// <summary>Unique id; generated when the plan gives none.</summary>
    public required TaskId Id { get; init; }

    /// <summary>Short title; defaults to the first line of the description.</summary>
    public required string Title { get; init; }

    /// <summary>What to do, in full.</summary>
    public string Description { get; init; } = "";

    /// <summary>Everything the worker needs to know so it has no questions.</summary>
    public string Context { get; init; } = "";

    /// <summary>Repository files worth reading first (paths relative to the repository root).</summary>
    public IReadOnlyList<string> ContextFiles { get; init; } = [];

    /// <summary>Acceptance criteria: text, or machine check objects.</summary>
    public IReadOnlyList<AcceptanceItem> Acceptance { get; init; } = [];

    /// <summary>Globs of the files the task may touch; reserved while it is leased.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Tasks that must be done first.</summary>
    public IReadOnlyList<TaskId> DependsOn { get; init; } = [];

    /// <summary>Higher runs first.</summary>
    public int Priority { get; init; }

    /// <summary>Labels a worker must accept to get this task.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Attempts before the task is escalated.</summary>
    public int MaxAttempts { get; init; } = TaskDefaults.MaxAttempts;

    /// <summary>Lease length for this task; the store or hub default when null.</summary>
    public TimeSpan? Lease { get; init; }
}
