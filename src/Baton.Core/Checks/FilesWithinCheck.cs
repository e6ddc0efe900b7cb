namespace Baton.Core.Checks;

/// <summary><c>{"check": "files_within"}</c>: every file the report lists as changed or deleted matches one of the
/// task's <c>files</c> globs. A task without globs fails this check, since nothing can be within nothing.</summary>
public sealed record FilesWithinCheck : CheckDefinition
{
    /// <inheritdoc/>
    public override CheckKind Kind => CheckKind.FilesWithin;

    /// <inheritdoc/>
    protected override string Describe() => "files_within";
}
