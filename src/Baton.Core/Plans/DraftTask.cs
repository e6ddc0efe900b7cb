using Baton.Core.Tasks;

namespace Baton.Core.Plans;

/// <summary>A task as read from the file, before ids, dependencies and cycles are settled.</summary>
internal sealed class DraftTask
{
    public required int Index { get; init; }

    /// <summary>The task's JSON path, e.g. <c>$.tasks[2]</c>.</summary>
    public required string Path { get; init; }

    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    public string Context { get; set; } = "";

    public IReadOnlyList<string> ContextFiles { get; set; } = [];

    public IReadOnlyList<AcceptanceItem> Acceptance { get; set; } = [];

    public IReadOnlyList<string> Files { get; set; } = [];

    /// <summary>Dependency ids with the JSON path of each entry.</summary>
    public IReadOnlyList<(string Id, string Path)> DependsOn { get; set; } = [];

    public int Priority { get; set; }

    public IReadOnlyList<string> Labels { get; set; } = [];

    public int MaxAttempts { get; set; } = TaskDefaults.MaxAttempts;

    public TimeSpan? Lease { get; set; }
}
