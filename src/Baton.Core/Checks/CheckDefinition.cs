namespace Baton.Core.Checks;

/// <summary>
/// A validated machine check, parsed from an acceptance item's JSON object by <see cref="CheckParser"/>.
/// Paths are normalized repository-relative paths ('/'-separated, no '.' or '..' segments).
/// </summary>
public abstract record CheckDefinition
{
    /// <summary>The kind of check.</summary>
    public abstract CheckKind Kind { get; }

    /// <summary>The plan's label for the check (<c>"name"</c>), when it gave one.</summary>
    public string? Name { get; init; }

    /// <summary>How the check reads in output: its name, or a short description such as <c>not_empty summaries/a.md</c>.</summary>
    public string Label => Name ?? Describe();

    /// <summary>A short description of what the check looks at.</summary>
    protected abstract string Describe();
}
