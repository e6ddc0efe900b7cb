namespace Baton.Storage;

/// <summary>What a hub says of itself when it records that it is alive (<see cref="IBatonStore.BeatHubAsync"/>).</summary>
public sealed record HubBeat
{
    /// <summary>The hub.</summary>
    public required HubId Id { get; init; }

    /// <summary>Where clients reach it; null before it is bound.</summary>
    public Uri? Url { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }
}
