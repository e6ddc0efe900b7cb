namespace Baton.Cli.Infrastructure;

/// <summary><c>baton wait --json</c>: how the wait ended and where each task stands.</summary>
internal sealed record WaitOutput
{
    /// <summary>done (exit 0), not_done (exit 7: failed, cancelled or stuck tasks) or timeout (exit 1).</summary>
    public required string Outcome { get; init; }

    public required IReadOnlyList<string> Done { get; init; }

    public required IReadOnlyList<string> Failed { get; init; }

    public required IReadOnlyList<string> Cancelled { get; init; }

    public required IReadOnlyList<WaitStuck> Stuck { get; init; }

    public required IReadOnlyList<WaitOpen> Open { get; init; }

    public required long ElapsedMs { get; init; }
}
