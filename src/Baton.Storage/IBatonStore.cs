using Baton.Core.Api;
using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Stats;
using Baton.Core.Status;
using Baton.Core.Tasks;
using Baton.Core.Workers;

namespace Baton.Storage;

/// <summary>
/// The store contract: the source of truth. Every state change is one transaction that also appends
/// its event(s); several processes may use one store at once. The instant that leases are judged
/// against is passed in explicitly, so lease expiry works with or without a hub. A store decides no rule of
/// the task life: it reads what Core's <c>TaskMachine</c> needs, and applies in that transaction the changes it
/// decides (docs/architecture.md, "Task life"). Every store passes the suite in <c>tests/Baton.Storage.Contract</c>.
/// </summary>
public interface IBatonStore : IAsyncDisposable
{
    /// <summary>Where the store lives (a file path or a connection description without secrets).</summary>
    string Location { get; }

    /// <summary>The repository root that task paths are relative to.</summary>
    string RepositoryRoot { get; }

    /// <summary>Raised in this process after this store object commits a change (other processes: <see cref="IStoreChangeFeed"/>).</summary>
    IStoreChangeFeed Changes { get; }

    /// <summary>Adds validated tasks atomically; refuses ids already used and dependencies that do not exist.</summary>
    Task<Result<ImportResult>> ImportAsync(IReadOnlyList<TaskSpec> tasks, string? planName, IReadOnlyList<string> warnings, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Expires stale leases, then leases the best ready task the worker may take; <see cref="ErrorCode.NoTask"/> when none.</summary>
    Task<Result<Assignment>> ClaimAsync(ClaimRequest request, TimeSpan defaultLease, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Renews the worker's live leases and records that it was heard.</summary>
    Task<Result<HeartbeatResult>> HeartbeatAsync(HeartbeatRequest request, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records a report; applies it only when the worker holds the live lease.</summary>
    Task<Result<ReportResult>> ReportAsync(ReportRequest request, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Applies a report and, when it was accepted, claims the reporter's next task in the same
    /// transaction (one commit): the result's <see cref="ReportResult.Next"/> or <see cref="ReportResult.NoNext"/>.
    /// <paramref name="next"/> does not wait.</summary>
    Task<Result<ReportResult>> ReportAndClaimAsync(ReportRequest request, ClaimRequest next, TimeSpan defaultLease, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Leaves a claim with the store, tried inside each later write transaction that changed something
    /// until one leases it a task in the same commit (see <see cref="StandingClaim"/>). Null when this store
    /// cannot; the caller then claims after commits instead.</summary>
    StandingClaim? OfferClaim(ClaimRequest request, TimeSpan defaultLease, TimeProvider time) => null;

    /// <summary>Returns a leased task to ready on the holder's request.</summary>
    Task<Result<TaskItem>> ReleaseAsync(ReleaseRequest request, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Cancels an unfinished task.</summary>
    Task<Result<TaskItem>> CancelAsync(TaskId taskId, string? reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Lists tasks in plan order.</summary>
    Task<IReadOnlyList<TaskItem>> ListTasksAsync(TaskQuery query, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>How many tasks are ready, counting no further than <paramref name="limit"/> (a walk of the
    /// ready index, so it stays cheap with a million tasks stored); expires due leases first.</summary>
    Task<int> CountReadyAsync(int limit, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>One task in full.</summary>
    Task<Result<TaskDetail>> ShowTaskAsync(TaskId taskId, CancellationToken cancellationToken);

    /// <summary>Counts, workers, progress; expires stale leases first.</summary>
    Task<StatusSnapshot> StatusAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Events after an id, oldest first.</summary>
    Task<IReadOnlyList<BatonEvent>> ReadEventsAsync(long afterId, int max, CancellationToken cancellationToken);

    /// <summary>The newest event id (0 when none).</summary>
    Task<long> LastEventIdAsync(CancellationToken cancellationToken);

    /// <summary>Records a worker's presence (hello, connection open or closed) and its capacity and labels.</summary>
    Task<WorkerInfo> TouchWorkerAsync(WorkerPresence presence, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every known worker with its leases and statistics (the workers part of <see cref="StatusAsync"/>,
    /// without the rest); the hub's least-loaded policy reads it.</summary>
    Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Returns every lease that expired at <paramref name="now"/> to ready; the tasks affected.</summary>
    Task<IReadOnlyList<TaskId>> ExpireLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Releases every lease a worker holds (its connection is gone for good).</summary>
    Task<IReadOnlyList<TaskId>> ReleaseWorkerAsync(WorkerId worker, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Whether several hubs may serve this store at once (PostgreSQL). Such a store records each live hub
    /// (<see cref="BeatHubAsync"/>) and which hub holds each worker's connection (<see cref="ConnectWorkerAsync"/>),
    /// so that no hub's grace period or start releases a worker connected through another. False (the default, SQLite):
    /// one hub at a time, which the hub's lock on the store ensures; every other hub is gone.</summary>
    bool ServesSeveralHubs => false;

    /// <summary>A worker said hello on <paramref name="hub"/> (a persistent connection opened): as
    /// <see cref="TouchWorkerAsync"/> with <see cref="WorkerPresence.Connected"/> true, and, on a store that
    /// <see cref="ServesSeveralHubs"/>, <paramref name="hub"/> now holds the worker's connection.</summary>
    Task<WorkerInfo> ConnectWorkerAsync(WorkerPresence presence, HubId hub, DateTimeOffset now, CancellationToken cancellationToken)
        => TouchWorkerAsync(presence with { Connected = true }, now, cancellationToken);

    /// <summary>The worker's last connection to <paramref name="hub"/> closed: it is marked disconnected, unless (on a
    /// store that <see cref="ServesSeveralHubs"/>) another hub holds its connection now, when nothing changes.</summary>
    Task DisconnectWorkerAsync(WorkerId worker, HubId hub, DateTimeOffset now, CancellationToken cancellationToken)
        => TouchWorkerAsync(new WorkerPresence { Worker = worker, Connected = false }, now, cancellationToken);

    /// <summary>Records that <paramref name="hub"/> serves this store and is alive at <paramref name="now"/>. A hub
    /// calls it when it starts and, on a store that <see cref="ServesSeveralHubs"/>, every few seconds; a hub not heard
    /// for a while is gone, and its workers are orphans for the others. The default records nothing.</summary>
    Task BeatHubAsync(HubBeat hub, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The hub stopped: it is gone at once (its workers are orphans for the other hubs). The default records
    /// nothing.</summary>
    Task EndHubAsync(HubId hub, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Workers marked connected whose connection no live hub holds: connected through no hub, or through a
    /// hub other than <paramref name="hub"/> not heard since <paramref name="liveAfter"/>. The default (a store that
    /// serves one hub at a time) names every connected worker: any hub before this one is gone.</summary>
    async Task<IReadOnlyList<WorkerId>> OrphanedWorkersAsync(HubId hub, DateTimeOffset liveAfter, DateTimeOffset now, CancellationToken cancellationToken)
        => [.. (await ListWorkersAsync(now, cancellationToken).ConfigureAwait(false)).Where(w => w.Connected).Select(w => w.Name)];

    /// <summary>A worker whose connection to <paramref name="hub"/> was lost (or whose hub is gone) did not come back
    /// within the grace: in one transaction, unless another hub heard since <paramref name="liveAfter"/> holds its
    /// connection now (it moved there), releases its leases (<see cref="ReleaseWorkerAsync"/>) and marks it
    /// disconnected. The default only releases.</summary>
    async Task<LostWorker> ReleaseLostWorkerAsync(WorkerId worker, HubId hub, string reason, DateTimeOffset liveAfter, DateTimeOffset now, CancellationToken cancellationToken)
        => new LostWorker { Released = await ReleaseWorkerAsync(worker, reason, now, cancellationToken).ConfigureAwait(false) };

    /// <summary>The earliest live lease expiry, so a sweeper can sleep until then.</summary>
    Task<DateTimeOffset?> NextLeaseExpiryAsync(CancellationToken cancellationToken);

    /// <summary>Ends the checking of a done report: done when the checks passed, otherwise a new attempt
    /// (with the failures as feedback) or, with attempts used up, an escalation.</summary>
    Task<Result<TaskItem>> CompleteChecksAsync(TaskId taskId, int attempt, CheckReport report, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Escalates a task that is done or unfinished (e.g. its checks contradict another task's).</summary>
    Task<Result<TaskItem>> EscalateAsync(TaskId taskId, string kind, string reason, string? feedback, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Open escalations with their tasks in full.</summary>
    Task<IReadOnlyList<InboxItem>> InboxAsync(CancellationToken cancellationToken);

    /// <summary>Applies the engineer's decision on an escalated task and records it as an intervention.</summary>
    Task<Result<TaskItem>> ResolveAsync(ResolveRequest request, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The seed's metrics.</summary>
    Task<StatsSnapshot> StatsAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
