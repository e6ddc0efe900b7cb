namespace Baton.Core.Checks;

/// <summary><c>{"check": "not_empty", "path": P}</c>: P is a file with something other than white space in it,
/// or a directory with at least one entry.</summary>
public sealed record NotEmptyCheck : CheckDefinition
{
    /// <inheritdoc/>
    public override CheckKind Kind => CheckKind.NotEmpty;

    /// <summary>The file, relative to the repository root.</summary>
    public required string Path { get; init; }

    /// <inheritdoc/>
    protected override string Describe() => $"not_empty {Path}";
}
