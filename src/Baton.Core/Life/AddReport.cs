using Baton.Core.Api;

namespace Baton.Core.Life;

/// <summary>Keeps a report: applied (<see cref="Late"/> false), or late and never applied, with why it was refused.
/// A late report keeps no idempotency key (its retry is refused the same way, not replayed).</summary>
internal sealed record AddReport(ReportRequest Request, int Attempt, bool Late, string? RefusedReason, DateTimeOffset At) : LifeChange;
