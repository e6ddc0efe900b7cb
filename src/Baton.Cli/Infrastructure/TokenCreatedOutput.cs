namespace Baton.Cli.Infrastructure;

/// <summary><c>baton token create --json</c>: the new token (shown this once) and what it may do.</summary>
internal sealed record TokenCreatedOutput
{
    public required string Token { get; init; }

    public required Hub.Access.TokenRecord Record { get; init; }
}
