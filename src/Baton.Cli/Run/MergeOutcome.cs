namespace Baton.Cli.Run;

/// <summary>What merging a worker's branch into the main branch did.</summary>
internal sealed record MergeOutcome
{
    /// <summary><c>fast-forward</c>, <c>merge commit</c>, <c>nothing to merge</c>, <c>conflict</c> or <c>failed</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The conflicting paths, for a conflict.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Git's own words, when it failed for another reason.</summary>
    public string? Problem { get; init; }

    public bool Merged => Kind is "fast-forward" or "merge commit" or "nothing to merge";
}
