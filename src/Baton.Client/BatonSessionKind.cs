namespace Baton.Client;

/// <summary>How long a <see cref="BatonClient"/> means to keep its connection (hello's <c>session</c>).</summary>
public enum BatonSessionKind
{
    /// <summary>A long-lived worker connection: the hub watches the worker through it and releases the worker's
    /// leases when the connection is lost for longer than the hub's disconnect grace.</summary>
    Persistent,

    /// <summary>A short-lived connection for one call (as the CLI makes): closing it leaves the worker's leases
    /// alone; they live until they expire or a heartbeat renews them.</summary>
    Ephemeral,
}
