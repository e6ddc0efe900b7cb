using Baton.Storage;

namespace Baton.Hub.Connections;

/// <summary>This hub as the store knows it: a random id at each start, when it started, and its URL once bound.</summary>
internal sealed class HubIdentity(DateTimeOffset startedAt)
{
    public HubId Id { get; } = HubId.New();

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>Where clients reach the hub; set once it is bound.</summary>
    public Uri? Url { get; set; }

    public HubBeat Beat() => new() { Id = Id, Url = Url, StartedAt = StartedAt };
}
