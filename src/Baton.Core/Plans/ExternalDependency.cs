using Baton.Core.Tasks;

namespace Baton.Core.Plans;

/// <summary>
/// A <c>depends_on</c> entry naming a task that is not in the plan file. The parser cannot know whether it
/// exists; the store checks it when importing and rejects the plan (naming <see cref="Path"/>) when it does not.
/// </summary>
public sealed record ExternalDependency
{
    /// <summary>The position of the depending task in <see cref="ParsedPlan.Tasks"/>.</summary>
    public required int TaskIndex { get; init; }

    /// <summary>The depending task.</summary>
    public required TaskId TaskId { get; init; }

    /// <summary>The task it depends on, expected to be in the store already.</summary>
    public required TaskId DependsOn { get; init; }

    /// <summary>The JSON path of the entry, e.g. <c>$.tasks[2].depends_on[0]</c>, for error details.</summary>
    public required string Path { get; init; }
}
