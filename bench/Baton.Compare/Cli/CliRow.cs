namespace Baton.Compare.Cli;

/// <summary>One timed CLI command, or why it could not be timed.</summary>
internal sealed record CliRow(string Peer, string Command, bool IsNpmPeer)
{
    public double? MedianMs { get; init; }

    public double? MinMs { get; init; }

    public double? MaxMs { get; init; }

    public int Runs { get; init; }

    /// <summary>Set when the command could not be installed, initialised or timed.</summary>
    public string? Unavailable { get; init; }

    public string? Note { get; init; }
}
