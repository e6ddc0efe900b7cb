using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc/>
    public StandingClaim? OfferClaim(ClaimRequest request, TimeSpan defaultLease, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Worker.Value) || request.Capacity is < 1)
        {
            return null;
        }
        var offer = new StandingClaim(request with { Wait = null }, defaultLease, time);
        lock (_offers)
        {
            _offers.Add(offer);
        }
        return offer;
    }

    // Inside a batch that changed something, before its commit: each open offer gets a claim (as the SQLite store's
    // standing claims). One that finds no task stays open; the rest are ended after the commit. Every offer begun is added
    // to _tried at once, so the writer ends it whatever happens next. The claims first run in the batch's transaction
    // without a savepoint each; should one throw, it may have left half a claim: false then, and the writer rolls the batch
    // back and runs it again isolated, where each claim gets its own savepoint. Offers are this store object's own: a task
    // made ready through another process reaches this one's waiters through the change feed instead.
    private bool TryOffers(Session session, bool isolated)
    {
        StandingClaim[] open;
        lock (_offers)
        {
            _offers.RemoveAll(o => o.IsSettled);
            if (_offers.Count == 0)
            {
                return true;
            }
            open = [.. _offers];
        }
        // Most batches make nothing ready (heartbeats, reports of other workers): one look at the ready index spares each
        // offer a whole claim. Lapsed leases are the sweeper's to return.
        if (session.Cache?.AnyReady is { } known ? !known
            : new StoreScope(session).Scalar("SELECT 1 FROM tasks WHERE state = $1 LIMIT 1", Arg.Text(StoredStates.Name(TaskMachine.ClaimableState))) is null)
        {
            return true;
        }
        foreach (var offer in open)
        {
            if (!offer.TryBegin())
            {
                continue;
            }
            _tried.Add((offer, null));
            try
            {
                var result = isolated ? ClaimInSavepoint(session, offer) : ClaimFor(new StoreScope(session), offer);
                _tried[^1] = (offer, result.IsOk ? result.Value : null);
            }
            catch (Exception error) when (error is not OutOfMemoryException && !Failures.IsConnectionLost(error))
            {
                if (!isolated)
                {
                    return false;
                }
                // The offer stays open; the waiter is served by the next claim after the commit instead.
            }
        }
        return true;
    }

    private static Result<Assignment> ClaimFor(StoreScope scope, StandingClaim offer)
    {
        scope.Actor = offer.Actor;
        return Claim(scope, offer.Request, offer.DefaultLease, offer.Time.GetUtcNow(), explainNoTask: false);
    }

    // A claim that finds nothing is undone (it may have returned lapsed leases or touched the worker: the batch's own
    // writes stay), and one that throws is undone alone.
    private static Result<Assignment> ClaimInSavepoint(Session session, StandingClaim offer)
    {
        session.Savepoint();
        try
        {
            var claimed = ClaimFor(new StoreScope(session), offer);
            if (!claimed.IsOk)
            {
                session.RollbackToSavepoint();
                return claimed;
            }
            session.ReleaseSavepoint();
            return claimed;
        }
        catch (Exception error) when (error is not OutOfMemoryException && !Failures.IsConnectionLost(error))
        {
            session.RollbackToSavepoint();
            throw;
        }
    }
}
