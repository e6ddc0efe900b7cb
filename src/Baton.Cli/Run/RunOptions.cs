namespace Baton.Cli.Run;

/// <summary>What <c>baton run</c> was asked to do.</summary>
internal sealed record RunOptions
{
    /// <summary>The agent command line, run with <c>/bin/sh -c</c> once per task.</summary>
    public required string Agent { get; init; }

    public required int Workers { get; init; }

    /// <summary>A plan file to import first; null runs what the store already holds.</summary>
    public string? Plan { get; init; }

    /// <summary>The time limit of one agent run (default 30 minutes).</summary>
    public required TimeSpan Timeout { get; init; }

    public bool DryRun { get; init; }

    /// <summary>Keep each done task on its own branch (<c>baton/task/ID</c>) instead of merging it.</summary>
    public bool NoMerge { get; init; }

    /// <summary>A hub to use instead of starting one in this process.</summary>
    public string? Server { get; init; }

    /// <summary>The store file (default <c>.baton/baton.db</c> in the repository root).</summary>
    public string? Store { get; init; }

    public bool Json { get; init; }
}
