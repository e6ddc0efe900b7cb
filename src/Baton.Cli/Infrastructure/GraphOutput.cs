namespace Baton.Cli.Infrastructure;

/// <summary><c>baton task graph --json</c>: the tasks without dependencies, and every task with its edges.</summary>
internal sealed record GraphOutput
{
    public required IReadOnlyList<string> Roots { get; init; }

    public required IReadOnlyList<GraphNode> Tasks { get; init; }
}
