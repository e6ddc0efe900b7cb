using Baton.Core.Events;

namespace Baton.Core.Tasks;

/// <summary>Everything known of one task: the task, its attempts, its reports and its events.</summary>
public sealed record TaskDetail
{
    /// <summary>The task.</summary>
    public required TaskItem Task { get; init; }

    /// <summary>Tasks that depend on this one.</summary>
    public IReadOnlyList<TaskId> Dependents { get; init; } = [];

    /// <summary>Every claim, oldest first.</summary>
    public IReadOnlyList<AttemptRecord> Attempts { get; init; } = [];

    /// <summary>Every report, oldest first, late ones included.</summary>
    public IReadOnlyList<ReportRecord> Reports { get; init; } = [];

    /// <summary>The task's event history, oldest first.</summary>
    public IReadOnlyList<BatonEvent> Events { get; init; } = [];
}
