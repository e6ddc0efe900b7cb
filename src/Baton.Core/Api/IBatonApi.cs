using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Stats;
using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Core.Api;

/// <summary>
/// Everything a coordinator, worker or observer can do. Local mode implements it on the store,
/// hub mode through the client; the CLI and MCP tools use only this, so both modes behave alike.
/// Expected failures come back as <see cref="Result{T}"/> errors, never as exceptions.
/// </summary>
public interface IBatonApi : IAsyncDisposable
{
    /// <summary>Validates and imports a plan (JSON text following schema/task.schema.json), all or nothing.</summary>
    Task<Result<ImportResult>> ImportAsync(string planJson, CancellationToken cancellationToken);

    /// <summary>Leases the next ready task to the worker, waiting up to <see cref="ClaimRequest.Wait"/>.
    /// Fails with <see cref="ErrorCode.NoTask"/> when there is none.</summary>
    Task<Result<Assignment>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken);

    /// <summary>Renews the worker's leases.</summary>
    Task<Result<HeartbeatResult>> HeartbeatAsync(HeartbeatRequest request, CancellationToken cancellationToken);

    /// <summary>Records a report from the lease holder.</summary>
    Task<Result<ReportResult>> ReportAsync(ReportRequest request, CancellationToken cancellationToken);

    /// <summary>Gives a leased task back to ready.</summary>
    Task<Result<TaskItem>> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken);

    /// <summary>Cancels a task that is not finished.</summary>
    Task<Result<TaskItem>> CancelAsync(TaskId taskId, string? reason, CancellationToken cancellationToken);

    /// <summary>Lists tasks in plan order.</summary>
    Task<Result<IReadOnlyList<TaskItem>>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken);

    /// <summary>One task with its attempts, reports and events.</summary>
    Task<Result<TaskDetail>> ShowTaskAsync(TaskId taskId, CancellationToken cancellationToken);

    /// <summary>Counts, progress, workers, completeness.</summary>
    Task<Result<StatusSnapshot>> StatusAsync(CancellationToken cancellationToken);

    /// <summary>Events after <paramref name="afterId"/>, oldest first; waits up to <paramref name="wait"/> for
    /// the first one when there is none yet.</summary>
    Task<Result<IReadOnlyList<BatonEvent>>> ReadEventsAsync(long afterId, int max, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Open escalations with everything needed to decide them.</summary>
    Task<Result<IReadOnlyList<InboxItem>>> InboxAsync(CancellationToken cancellationToken);

    /// <summary>The engineer's decision on an escalated task (one intervention).</summary>
    Task<Result<TaskItem>> ResolveAsync(ResolveRequest request, CancellationToken cancellationToken);

    /// <summary>Interventions, context scores, check pass rate, attempts, detection and handoff times, speedup.</summary>
    Task<Result<StatsSnapshot>> StatsAsync(CancellationToken cancellationToken);

    /// <summary>Runs a task's acceptance checks now, against its latest report's files; changes nothing.</summary>
    Task<Result<CheckReport>> CheckAsync(TaskId taskId, CancellationToken cancellationToken);

    /// <summary>Re-runs every done task's checks together; tasks whose checks now fail are escalated as contradictions.</summary>
    Task<Result<VerifyResult>> VerifyAsync(CancellationToken cancellationToken);
}
