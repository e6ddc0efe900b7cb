namespace Baton.Cli.Infrastructure;

/// <summary>The one JSON line a demo worker prints when it stops, read by <c>baton demo</c>.</summary>
internal sealed record DemoWorkerStats
{
    public required string Worker { get; init; }

    public required int Done { get; init; }

    /// <summary>Per task: from the later of "claim sent" and "task created" to "assignment received".</summary>
    public required IReadOnlyList<double> HandoffMs { get; init; }
}
