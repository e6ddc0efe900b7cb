namespace Baton.Cli.Infrastructure;

/// <summary><c>baton demo --json</c>: the closing summary.</summary>
internal sealed record DemoSummary
{
    public required string Mode { get; init; }

    public required bool Complete { get; init; }

    public required int Tasks { get; init; }

    public required int Done { get; init; }

    public required IReadOnlyDictionary<string, int> PerWorker { get; init; }

    public required double WallMs { get; init; }

    public double? HandoffP50Ms { get; init; }

    public double? HandoffMaxMs { get; init; }

    public string? Directory { get; init; }
}
