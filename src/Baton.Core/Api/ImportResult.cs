using Baton.Core.Tasks;

namespace Baton.Core.Api;

/// <summary>What an import added.</summary>
public sealed record ImportResult
{
    /// <summary>The plan's name in the store.</summary>
    public required string Plan { get; init; }

    /// <summary>The new tasks' ids, in plan order.</summary>
    public required IReadOnlyList<TaskId> Imported { get; init; }

    /// <summary>Things worth knowing that did not stop the import.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
