namespace Baton.Service.Checks;

/// <summary>How a check's command ended.</summary>
internal sealed record CommandOutcome
{
    /// <summary>The exit code, when the process ran to its end.</summary>
    public int? ExitCode { get; init; }

    /// <summary>True when the time limit ran out and the process tree was killed.</summary>
    public bool TimedOut { get; init; }

    /// <summary>Why the process could not start (e.g. no such program), when it could not.</summary>
    public string? StartProblem { get; init; }

    /// <summary>stdout and stderr as they arrived, trimmed to the last few KB.</summary>
    public string Output { get; init; } = "";
}
