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
}
