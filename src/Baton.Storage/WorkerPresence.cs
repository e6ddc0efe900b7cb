using Baton.Core.Tasks;

namespace Baton.Storage;

/// <summary>What a worker says about itself when it is seen.</summary>
public sealed record WorkerPresence
{
    /// <summary>The worker.</summary>
    public required WorkerId Worker { get; init; }

    /// <summary>True when a hub connection opened, false when it closed, null when unchanged.</summary>
    public bool? Connected { get; init; }

    /// <summary>Tasks it may hold at once; unchanged when null.</summary>
    public int? Capacity { get; init; }

    /// <summary>Labels it accepts; unchanged when null.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>The hub whose connection opened or closed (with <see cref="Connected"/>). A store that serves several hubs
    /// (<see cref="IBatonStore.ServesSeveralHubs"/>) records which hub holds the worker's connection, and applies a
    /// close only from that hub: a worker that moved to another hub stays connected there. Null: no hub (or a store
    /// that serves one hub at a time, which ignores it).</summary>
    public HubId? Hub { get; init; }
}
