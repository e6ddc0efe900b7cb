namespace Baton.Client;

/// <summary>Where a <see cref="BatonClient"/>'s connection is.</summary>
public enum BatonConnectionState
{
    /// <summary>Connected and welcomed by the hub.</summary>
    Connected,

    /// <summary>The connection dropped; the client is reconnecting with backoff. Requests wait.</summary>
    Reconnecting,

    /// <summary>Closed for good (disposed, reconnect off, or the hub refused the hello).</summary>
    Closed,
}
