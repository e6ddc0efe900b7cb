namespace Baton.Cli.Infrastructure;

/// <summary>One task in <c>baton task graph --json</c>.</summary>
internal sealed record GraphNode
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string State { get; init; }

    public string? Worker { get; init; }

    public required IReadOnlyList<string> DependsOn { get; init; }

    public required IReadOnlyList<string> Dependents { get; init; }
}
