namespace Baton.Cli.Infrastructure;

/// <summary>The inside of <see cref="ErrorEnvelope"/>; <see cref="Code"/> is the wire name (<c>lease_not_held</c>).</summary>
internal sealed record ErrorBody
{
    public required string Code { get; init; }

    public required string Message { get; init; }

    public IReadOnlyList<string>? Details { get; init; }
}
