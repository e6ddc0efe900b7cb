using Baton.Core.Api;

namespace Baton.Core.Life;

/// <summary>A heartbeat's decision and the leases it renewed.</summary>
internal sealed record HeartbeatDecision(LifeDecision Decision, IReadOnlyList<RenewedLease> Renewed);
