using Baton.Core.Tasks;

namespace Baton.Core.Workers;

/// <summary>A worker as the store knows it.</summary>
public sealed record WorkerInfo
{
    /// <summary>The worker's name.</summary>
    public required WorkerId Name { get; init; }

    /// <summary>Tasks it may hold at once.</summary>
    public int Capacity { get; init; } = 1;

    /// <summary>Labels it accepts.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>True while a hub connection is open for it.</summary>
    public bool Connected { get; init; }

    /// <summary>idle, busy or gone.</summary>
    public required string State { get; init; }

    /// <summary>alive, late or gone: how recently it was heard.</summary>
    public required string Health { get; init; }

    /// <summary>Tasks it holds now.</summary>
    public IReadOnlyList<TaskId> CurrentTasks { get; init; } = [];

    /// <summary>Tasks it finished as done.</summary>
    public int Done { get; init; }

    /// <summary>Reports of failed or blocked.</summary>
    public int Failed { get; init; }

    /// <summary>Time spent holding leases that ended, in milliseconds.</summary>
    public long BusyMs { get; init; }

    /// <summary>When it first appeared.</summary>
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>When it was last heard.</summary>
    public required DateTimeOffset LastSeen { get; init; }
}
