namespace Baton.Storage.Postgres;

/// <summary>What a queued write will read, so that the writer reads it for every write of a batch in the round trip that
/// begins the transaction (<see cref="WriteCache"/>).</summary>
/// <param name="ReportedTask">The task a report is about.</param>
/// <param name="IdempotencyKey">The report's key, looked up among that task's reports.</param>
/// <param name="ClaimingWorker">The worker a claim is for (a report --next claims too).</param>
/// <param name="Now">The instant the write judges leases against.</param>
internal sealed record WriteHint(string? ReportedTask, string? IdempotencyKey, string? ClaimingWorker, DateTimeOffset Now);
