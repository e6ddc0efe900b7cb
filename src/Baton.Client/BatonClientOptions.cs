using Baton.Core.Tasks;

namespace Baton.Client;

/// <summary>How a <see cref="BatonClient"/> connects to a hub.</summary>
public sealed class BatonClientOptions
{
    /// <summary>The hub's HTTP address, e.g. <c>http://127.0.0.1:7411</c>. The WebSocket address is derived
    /// from it (<c>ws://127.0.0.1:7411/ws</c>; https becomes wss).</summary>
    public required Uri Server { get; init; }

    /// <summary>Other hubs on the same store (several <c>baton serve</c> on one PostgreSQL): the client connects to the
    /// first of <see cref="Server"/> and these that answers and, when its hub goes away, reconnects to the next one,
    /// keeping its worker name, so its leases survive within the hub's grace period. Default none.</summary>
    public IReadOnlyList<Uri> FallbackServers { get; init; } = [];

    /// <summary>worker, coordinator or observer. Default worker.</summary>
    public string Role { get; init; } = "worker";

    /// <summary>The worker's name, required for the worker role; stable across reconnects.</summary>
    public WorkerId? Worker { get; init; }

    /// <summary>The bearer token the hub asks for (<c>baton_ID.SECRET</c>), sent in hello. Null (default): the client
    /// finds one (<see cref="BatonTokens.Find"/>: <c>BATON_TOKEN</c>, then the repository's own, derived from
    /// <c>.baton/hub.key</c> here or in a parent). <c>baton token create</c> makes one for anyone else. See
    /// docs/security.md.</summary>
    public string? Token { get; init; }

    internal BatonClientOptions WithToken(string? token) => new()
    {
        Server = Server,
        FallbackServers = FallbackServers,
        Token = token,
        Role = Role,
        Worker = Worker,
        Capacity = Capacity,
        Labels = Labels,
        Priority = Priority,
        Session = Session,
        AutoHeartbeat = AutoHeartbeat,
        RequestTimeout = RequestTimeout,
        Reconnect = Reconnect,
        Time = Time,
    };

    /// <summary>Tasks the worker may hold at once; the hub keeps what it knows when null (default 1).</summary>
    public int? Capacity { get; init; }

    /// <summary>Labels the worker accepts; the hub keeps what it knows when null.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>The worker's priority under the hub's <c>priority</c> policy (higher is served first);
    /// 0 when null. A claim's own <see cref="Core.Api.ClaimRequest.Priority"/> overrides it.</summary>
    public int? Priority { get; init; }

    /// <summary>Persistent (default) for a worker that holds its connection while it works; ephemeral for one call
    /// that connects, does its request and disconnects (the hub then leaves the worker's leases to their expiry).</summary>
    public BatonSessionKind Session { get; init; } = BatonSessionKind.Persistent;

    /// <summary>Heartbeat automatically while this client holds leases it claimed: every third of the shortest
    /// held lease, at least a second apart, so a connected worker's leases do not lapse however long it works.
    /// The heartbeats keep the notes of earlier heartbeats. Null (default): on for a persistent session with a
    /// worker, off for an ephemeral one.</summary>
    public bool? AutoHeartbeat { get; init; }

    /// <summary>How long a request may wait for its reply (a waiting claim gets its wait on top).
    /// Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reconnect automatically when the connection drops. Default true.</summary>
    public bool Reconnect { get; init; } = true;

    /// <summary>The clock for timeouts and backoff. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? Time { get; init; }
}
