namespace Baton.Cli.Infrastructure;

/// <summary><c>baton task add --json</c>.</summary>
internal sealed record TaskAddedOutput
{
    public required string Id { get; init; }

    public required string Plan { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
