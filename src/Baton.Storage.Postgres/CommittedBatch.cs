using Baton.Core.Tasks;

namespace Baton.Storage.Postgres;

/// <summary>A batch whose transaction committed, waiting to be answered: its writes, the standing claims it tried (with
/// what each leased), whether it changed something, and its transaction id (to ask about after a lost connection).</summary>
internal sealed record CommittedBatch(PendingWrite[] Writes, (StandingClaim Offer, Assignment? Leased)[] Tried, bool Changed, long? Xid);
