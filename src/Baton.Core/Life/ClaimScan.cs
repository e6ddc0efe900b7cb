using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>What <see cref="TaskMachine.ScanHolding"/> makes of the leased and checked tasks before a claim.</summary>
internal sealed record ClaimScan
{
    /// <summary>Leases that ran out: each goes through <see cref="TaskMachine.Expire"/> first.</summary>
    public required IReadOnlyList<HoldingRow> Due { get; init; }

    /// <summary>Checks that never finished (the checking process died): each goes through <see cref="TaskMachine.HandBack"/>.</summary>
    public required IReadOnlyList<HoldingRow> Stale { get; init; }

    /// <summary>The claimant's live leases, oldest first.</summary>
    public required IReadOnlyList<TaskId> Held { get; init; }

    /// <summary>The files reserved by live leases and running checks.</summary>
    public required IReadOnlyList<Reservation> Reserved { get; init; }
}
