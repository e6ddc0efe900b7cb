namespace Baton.Cli.Init;

/// <summary>What <c>baton init</c> did, file by file.</summary>
internal sealed record InitOutput
{
    public required string Root { get; init; }

    public required string Store { get; init; }

    public required IReadOnlyList<InitFileOutcome> Files { get; init; }
}
