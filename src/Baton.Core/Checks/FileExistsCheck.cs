namespace Baton.Core.Checks;

/// <summary><c>{"check": "file_exists", "path": P}</c>: P exists (a file or a directory).</summary>
public sealed record FileExistsCheck : CheckDefinition
{
    /// <inheritdoc/>
    public override CheckKind Kind => CheckKind.FileExists;

    /// <summary>The file, relative to the repository root.</summary>
    public required string Path { get; init; }

    /// <inheritdoc/>
    protected override string Describe() => $"file_exists {Path}";
}
