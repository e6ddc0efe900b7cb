namespace Baton.Cli.Run;

/// <summary>The end of <c>baton run</c>: the plan's state and what each worker did.</summary>
internal sealed record RunSummary
{
    /// <summary>True when every task is finished and none is escalated.</summary>
    public required bool Complete { get; init; }

    public required int Total { get; init; }

    /// <summary>Tasks per state.</summary>
    public required IReadOnlyDictionary<string, int> Counts { get; init; }

    public required double WallMs { get; init; }

    public required IReadOnlyList<WorkerTally> Workers { get; init; }

    public required string Server { get; init; }
}
