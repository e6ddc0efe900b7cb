namespace Baton.Cli.Infrastructure;

/// <summary><c>baton ui --json</c>: the one-time sign-in link and the hub it opens.</summary>
internal sealed record UiLoginOutput
{
    /// <summary>The link: it works once, until <see cref="ExpiresAt"/>.</summary>
    public required string Url { get; init; }

    /// <summary>observer or coordinator: what the page may do.</summary>
    public required string Role { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The hub's URL.</summary>
    public required string Hub { get; init; }

    /// <summary>True when this <c>baton ui</c> runs the hub (local mode, no hub on the store) and serves it until Ctrl+C.</summary>
    public bool Serving { get; init; }
}
