using Baton.Core.Api;
using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Stats;
using Baton.Core.Status;
using Baton.Core.Tasks;
using Baton.Hub.Scheduling;
using Baton.Storage;

namespace Baton.Hub.Mcp;

/// <summary>
/// The hub's API for MCP over HTTP: the hub's own <see cref="LocalBaton"/>, except that a waiting claim queues at
/// the <see cref="ClaimDispatcher"/>, first come first served with the socket workers, exactly as the HTTP API's
/// (and so does a report's next claim that may wait).
/// </summary>
internal sealed class HubMcpApi(LocalBaton api, ClaimDispatcher dispatcher) : IBatonApi
{
    public Task<Result<Assignment>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Wait is { } wait && wait > TimeSpan.Zero
            ? dispatcher.ClaimAsync(request with { Wait = null }, wait, cancellationToken)
            : api.ClaimAsync(request, cancellationToken);
    }

    public Task<Result<ImportResult>> ImportAsync(string planJson, CancellationToken cancellationToken) => api.ImportAsync(planJson, cancellationToken);

    public Task<Result<HeartbeatResult>> HeartbeatAsync(HeartbeatRequest request, CancellationToken cancellationToken) => api.HeartbeatAsync(request, cancellationToken);

    public Task<Result<ReportResult>> ReportAsync(ReportRequest request, CancellationToken cancellationToken) => dispatcher.ReportAsync(api, request, cancellationToken);

    public Task<Result<TaskItem>> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken) => api.ReleaseAsync(request, cancellationToken);

    public Task<Result<TaskItem>> CancelAsync(TaskId taskId, string? reason, CancellationToken cancellationToken) => api.CancelAsync(taskId, reason, cancellationToken);

    public Task<Result<IReadOnlyList<TaskItem>>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken) => api.ListTasksAsync(query, cancellationToken);

    public Task<Result<TaskDetail>> ShowTaskAsync(TaskId taskId, CancellationToken cancellationToken) => api.ShowTaskAsync(taskId, cancellationToken);

    public Task<Result<StatusSnapshot>> StatusAsync(CancellationToken cancellationToken) => api.StatusAsync(cancellationToken);

    public Task<Result<IReadOnlyList<BatonEvent>>> ReadEventsAsync(long afterId, int max, TimeSpan wait, CancellationToken cancellationToken)
        => api.ReadEventsAsync(afterId, max, wait, cancellationToken);

    public Task<Result<IReadOnlyList<InboxItem>>> InboxAsync(CancellationToken cancellationToken) => api.InboxAsync(cancellationToken);

    public Task<Result<TaskItem>> ResolveAsync(ResolveRequest request, CancellationToken cancellationToken) => api.ResolveAsync(request, cancellationToken);

    public Task<Result<StatsSnapshot>> StatsAsync(CancellationToken cancellationToken) => api.StatsAsync(cancellationToken);

    public Task<Result<CheckReport>> CheckAsync(TaskId taskId, CancellationToken cancellationToken) => api.CheckAsync(taskId, cancellationToken);

    public Task<Result<VerifyResult>> VerifyAsync(CancellationToken cancellationToken) => api.VerifyAsync(cancellationToken);

    // The hub owns the LocalBaton and closes it when it stops.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
