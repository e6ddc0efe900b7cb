using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
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

    // Inside a batch that changed something, before its commit: each open offer gets a claim. One that finds
    // no task stays open; the rest are ended after the commit. Every offer begun is added to tried at once,
    // so the caller ends it whatever happens next.
    //
    // The claims first run in the batch's transaction as they are, without a savepoint each: a savepoint copies
    // every page the claim touches, a third of the claim's time in a handoff. A claim that finds no task
    // leaves what an ordinary claim that finds none leaves (lapsed leases returned, the worker's last_seen at
    // most once a second). Should one throw, it may have left half a claim in the transaction: false then,
    // and the caller rolls the batch back and runs it again isolated, where each claim gets its own savepoint
    // and one that throws leaves nothing.
    private bool TryOffers(List<(StandingClaim Offer, Assignment? Leased)> tried, bool isolated)
    {
        AssertWriterRole();
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
        // Most batches make nothing ready (heartbeats, reports of other workers): one probe of the ready
        // index spares each offer a whole claim. Lapsed leases are the sweeper's to return.
        if (new StoreScope(_writer).Scalar("SELECT 1 FROM tasks INDEXED BY ix_tasks_queue WHERE state = $state LIMIT 1",
                ("$state", StoredStates.Name(TaskMachine.ClaimableState))) is null)
        {
            return true;
        }
        foreach (var offer in open)
        {
            if (!offer.TryBegin())
            {
                continue;
            }
            tried.Add((offer, null));
            try
            {
                Result<Assignment> ClaimFor(StoreScope scope)
                {
                    scope.Actor = offer.Actor;
                    return Claim(scope, offer.Request, offer.DefaultLease, offer.Time.GetUtcNow(), explainNoTask: false);
                }
                var result = isolated
                    ? _writer.InSavepoint(scope =>
                    {
                        var claimed = ClaimFor(scope);
                        if (!claimed.IsOk)
                        {
                            scope.Rollback();
                        }
                        return claimed;
                    }, out _)
                    : ClaimFor(new StoreScope(_writer));
                tried[^1] = (offer, result.IsOk ? result.Value : null);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
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
}
