using Baton.Core.Api;
using Baton.Core.Tasks;

namespace Baton.Storage;

/// <summary>
/// A claim left with the store (<see cref="IBatonStore.OfferClaim"/>): the store tries it inside each later
/// write transaction that changed something, just before that transaction commits, until one gives it a
/// task. The task is then leased in the same commit that made it ready, so a waiting worker gets new work
/// one fsync after it was added instead of two.
/// </summary>
/// <remarks>
/// The offer ends exactly once, through <see cref="Settled"/>: with the assignment when the store leased a
/// task for it (after that commit is durable), or with null once <see cref="Withdraw"/> took it back
/// before any transaction did. Its owner continues on the thread pool, never on the thread that settled it. A withdrawal that races a transaction already trying the offer waits for
/// that transaction's outcome, so a lease made for the offer is never lost.
/// </remarks>
public sealed class StandingClaim
{
    private enum Phase
    {
        Open,
        Trying,
        TryingWithdrawn,
        Ended,
    }

    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<Assignment?> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Phase _phase;

    public StandingClaim(ClaimRequest request, TimeSpan defaultLease, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);
        Request = request;
        DefaultLease = defaultLease;
        Time = time;
    }

    public ClaimRequest Request { get; }

    /// <summary>Who asked, written on the claim's events (<see cref="AuditActor"/>): the claim runs inside another
    /// writer's transaction, whose own actor is not this one's.</summary>
    public string? Actor { get; set; }

    public TimeSpan DefaultLease { get; }

    public TimeProvider Time { get; }

    /// <summary>The assignment the store made for this offer, or null when it was withdrawn first.</summary>
    public Task<Assignment?> Settled => _settled.Task;

    /// <summary>True once the offer has ended either way.</summary>
    public bool IsSettled => _settled.Task.IsCompleted;

    /// <summary>Takes the offer back. When a transaction is trying it right now, <see cref="Settled"/> reports
    /// that transaction's outcome instead; await it either way.</summary>
    public void Withdraw()
    {
        lock (_gate)
        {
            switch (_phase)
            {
                case Phase.Open:
                    _phase = Phase.Ended;
                    _settled.TrySetResult(null);
                    break;
                case Phase.Trying:
                    _phase = Phase.TryingWithdrawn;
                    break;
            }
        }
    }

    /// <summary>For the store: reserves the offer for one transaction; false when it is no longer open.</summary>
    public bool TryBegin()
    {
        lock (_gate)
        {
            if (_phase != Phase.Open)
            {
                return false;
            }
            _phase = Phase.Trying;
            return true;
        }
    }

    /// <summary>For the store, after the transaction ended: the assignment when it committed a lease for
    /// this offer, null when it found no task (the offer stays open) or did not commit.</summary>
    public void End(Assignment? leased)
    {
        lock (_gate)
        {
            System.Diagnostics.Debug.Assert(_phase is Phase.Trying or Phase.TryingWithdrawn, "only an offer a transaction began is ended");
            if (leased is not null || _phase == Phase.TryingWithdrawn)
            {
                _phase = Phase.Ended;
                _settled.TrySetResult(leased);
            }
            else if (_phase == Phase.Trying)
            {
                _phase = Phase.Open;
            }
        }
    }
}
