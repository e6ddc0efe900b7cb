namespace Baton.Cli.Run;

/// <summary>How one run of the agent command ended.</summary>
internal sealed record AgentRunResult
{
    /// <summary>The exit code; meaningless when <see cref="TimedOut"/>.</summary>
    public required int ExitCode { get; init; }

    /// <summary>True when the run was killed for exceeding the time limit.</summary>
    public required bool TimedOut { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>The last lines of stdout and stderr together, as they arrived.</summary>
    public required IReadOnlyList<string> Tail { get; init; }

    public required string LogPath { get; init; }
}
