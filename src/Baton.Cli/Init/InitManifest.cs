namespace Baton.Cli.Init;

/// <summary><c>.baton/init.json</c>: a hash of what Baton last wrote to each file, to tell its text from the user's edits.</summary>
internal sealed record InitManifest
{
    public int Version { get; init; } = 1;

    /// <summary>Relative path (or <c>AGENTS.md#baton</c> for the marked section) to the SHA-256 of what Baton wrote.</summary>
    public Dictionary<string, string> Written { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The agents whose packs init wrote (cursor, claude, codex); a later init or --check without --agent uses them.</summary>
    public List<string>? Agents { get; init; }
}
