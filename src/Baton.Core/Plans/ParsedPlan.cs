using Baton.Core.Tasks;

namespace Baton.Core.Plans;

/// <summary>A validated plan, ready to import.</summary>
public sealed record ParsedPlan
{
    /// <summary>The tasks in plan order.</summary>
    public required IReadOnlyList<TaskSpec> Tasks { get; init; }

    /// <summary>Non-fatal findings (e.g. tasks whose files overlap so they cannot run in parallel).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
