namespace Baton.Core.Protocol;

/// <summary>How long a client means to keep its connection, named in <c>hello</c>'s <c>session</c>.</summary>
public static class SessionKinds
{
    /// <summary>A long-lived connection (a worker process holding its socket while it works). The hub watches a
    /// persistent worker through its connection: when the connection drops and does not come back within the
    /// disconnect grace, the worker's leases are released. The default.</summary>
    public const string Persistent = "persistent";

    /// <summary>A short-lived connection for one call (a CLI command). Its close says nothing about the worker:
    /// the worker's leases live until they expire or are renewed by a heartbeat, and the hub records no presence
    /// for it.</summary>
    public const string Ephemeral = "ephemeral";

    /// <summary>Every kind a hello may name.</summary>
    public static IReadOnlyList<string> All { get; } = [Persistent, Ephemeral];
}
