using Baton.Core.Tasks;

namespace Baton.Core.Plans;

/// <summary>A validated plan, ready to import.</summary>
public sealed record ParsedPlan
{
    /// <summary>The tasks in plan order.</summary>
    public required IReadOnlyList<TaskSpec> Tasks { get; init; }

    /// <summary>Non-fatal findings (e.g. tasks whose files overlap so they cannot run in parallel).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Dependencies on tasks outside this file; the store must check that they exist.</summary>
    public IReadOnlyList<ExternalDependency> ExternalDependencies { get; init; } = [];

    /// <summary>The plan's name (top-level <c>name</c> or <c>plan</c>), when it has one.</summary>
    public string? Name { get; init; }
}
