using Baton.Core.Tasks;

namespace Baton.Core.Scheduling;

/// <summary>
/// The order in which waiting claims are offered the next ready task. Pure: the hub's dispatcher asks for
/// the order, offers the task down it (the store's claim is the arbiter, so a task goes to exactly one
/// waiter), and asks again after each assignment with the loads updated.
/// </summary>
public static class WaiterOrder
{
    /// <summary>Under least-loaded, a waiter that has seen this many tasks go to others while it waited
    /// goes first: a worker that holds a lease (capacity above 1) or has done much must not starve
    /// behind a stream of idle newcomers.</summary>
    public const int PassOverLimit = 16;

    /// <summary>Indexes into <paramref name="waiters"/>, best first.</summary>
    public static IReadOnlyList<int> Order(AssignmentPolicy policy, IReadOnlyList<WaiterCandidate> waiters, WorkerId? lastServed)
    {
        ArgumentNullException.ThrowIfNull(waiters);
        var indexes = Enumerable.Range(0, waiters.Count);
        return policy switch
        {
            AssignmentPolicy.LeastLoaded => indexes
                .OrderBy(i => waiters[i].PassedOver >= PassOverLimit ? 0 : 1)
                .ThenBy(i => waiters[i].PassedOver >= PassOverLimit ? 0 : waiters[i].Leases)
                .ThenBy(i => waiters[i].PassedOver >= PassOverLimit ? 0 : waiters[i].Done)
                .ThenBy(i => waiters[i].Arrival)
                .ToList(),
            AssignmentPolicy.RoundRobin => indexes
                .OrderBy(i => AfterLast(waiters[i].Worker, lastServed) ? 0 : 1)
                .ThenBy(i => waiters[i].Worker.Value, StringComparer.Ordinal)
                .ThenBy(i => waiters[i].Arrival)
                .ToList(),
            AssignmentPolicy.Priority => indexes
                .OrderByDescending(i => waiters[i].Priority)
                .ThenBy(i => waiters[i].Arrival)
                .ToList(),
            _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown assignment policy"),
        };
    }

    // The rotation starts with the first name after the last one served; names at or before it wrap around.
    private static bool AfterLast(WorkerId worker, WorkerId? lastServed)
        => lastServed is not { } last || string.CompareOrdinal(worker.Value, last.Value) > 0;
}
