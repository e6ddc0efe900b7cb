namespace Baton.Cli.Init;

/// <summary>What <c>baton init</c> did, file by file.</summary>
internal sealed record InitOutput
{
    public required string Root { get; init; }

    public required string Store { get; init; }

    /// <summary>The agents whose packs were written (or checked).</summary>
    public required IReadOnlyList<string> Agents { get; init; }

    public required IReadOnlyList<InitFileOutcome> Files { get; init; }
}
