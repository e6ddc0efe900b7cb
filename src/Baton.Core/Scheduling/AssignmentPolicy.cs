namespace Baton.Core.Scheduling;

/// <summary>Which waiting worker gets the next ready task (hub mode). Wire and CLI names are kebab-case:
/// <c>least-loaded</c>, <c>round-robin</c>, <c>priority</c>. Documented in docs/scheduling.md.</summary>
public enum AssignmentPolicy
{
    /// <summary>The waiter holding the fewest leases, then the one with the fewest tasks done, then the one
    /// that has waited longest. A waiter passed over <see cref="WaiterOrder.PassOverLimit"/> times goes first.</summary>
    LeastLoaded,

    /// <summary>Rotates over worker names in ordinal order, starting after the last worker served.</summary>
    RoundRobin,

    /// <summary>The waiter with the highest declared priority, ties first come first served. Strict: a
    /// low-priority waiter waits as long as higher-priority waiters keep asking.</summary>
    Priority,
}
