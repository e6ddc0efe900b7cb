namespace Baton.Cli.Infrastructure;

/// <summary>An error under <c>--json</c>: <c>{"error": {"code", "message", "details"}}</c>.</summary>
internal sealed record ErrorEnvelope
{
    public required ErrorBody Error { get; init; }
}
