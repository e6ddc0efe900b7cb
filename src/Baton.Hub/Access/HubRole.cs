namespace Baton.Hub.Access;

/// <summary>What a token may do. Ordered: each role may do everything the roles below it may.</summary>
public enum HubRole
{
    /// <summary>Reads and subscribes: status, tasks, events, inbox, stats.</summary>
    Observer = 0,

    /// <summary>An observer that also claims tasks and heartbeats, reports and releases its own leases.</summary>
    Worker = 1,

    /// <summary>Everything: imports plans, cancels, resolves and edits, runs checks on demand.</summary>
    Coordinator = 2,
}
