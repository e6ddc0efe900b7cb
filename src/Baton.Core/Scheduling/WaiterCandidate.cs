using Baton.Core.Tasks;

namespace Baton.Core.Scheduling;

/// <summary>A waiting claim as the assignment policy sees it.</summary>
public sealed record WaiterCandidate
{
    /// <summary>The waiting worker.</summary>
    public required WorkerId Worker { get; init; }

    /// <summary>Order of arrival (smaller waited longer).</summary>
    public required long Arrival { get; init; }

    /// <summary>The priority the worker declared (hello or claim); default 0.</summary>
    public int Priority { get; init; }

    /// <summary>Leases the worker holds now.</summary>
    public int Leases { get; init; }

    /// <summary>Tasks the worker has finished as done.</summary>
    public int Done { get; init; }

    /// <summary>How many times another waiter was served ahead of this one.</summary>
    public int PassedOver { get; init; }
}
