using Baton.Core.Api;
using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Stats;
using Baton.Core.Status;
using Baton.Core.Tasks;
using Baton.Hub.Access;
using Baton.Hub.Logging;
using Baton.Hub.Scheduling;
using Baton.Service;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Mcp;

/// <summary>
/// The hub's API for MCP over HTTP: the hub's own <see cref="LocalBaton"/>, except that a waiting claim queues at
/// the <see cref="ClaimDispatcher"/>, first come first served with the socket workers, exactly as the HTTP API's
/// (and so does a report's next claim that may wait). Every call first asks <see cref="AccessRules"/> whether the
/// request's caller (its bearer token) may make it, and as which worker.
/// </summary>
internal sealed class HubMcpApi(LocalBaton api, ClaimDispatcher dispatcher, Func<(Caller? Caller, string Remote)> caller, ILogger logger) : IBatonApi
{
    public async Task<Result<Assignment>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Admit<Assignment>(HubRole.Worker, "claim_task", request.Worker) is { } refused)
        {
            return refused;
        }
        return request.Wait is { } wait && wait > TimeSpan.Zero
            ? await dispatcher.ClaimAsync(request with { Wait = null }, wait, cancellationToken)
            : await api.ClaimAsync(request, cancellationToken);
    }

    public Task<Result<ImportResult>> ImportAsync(string planJson, CancellationToken cancellationToken)
        => Admit<ImportResult>(HubRole.Coordinator, "create_tasks") is { } refused ? Task.FromResult(refused) : api.ImportAsync(planJson, cancellationToken);

    public Task<Result<HeartbeatResult>> HeartbeatAsync(HeartbeatRequest request, CancellationToken cancellationToken)
        => Admit<HeartbeatResult>(HubRole.Worker, "heartbeat", request.Worker) is { } refused ? Task.FromResult(refused) : api.HeartbeatAsync(request, cancellationToken);

    public Task<Result<ReportResult>> ReportAsync(ReportRequest request, CancellationToken cancellationToken)
        => Admit<ReportResult>(HubRole.Worker, "report_task", request.Worker) is { } refused ? Task.FromResult(refused) : dispatcher.ReportAsync(api, request, cancellationToken);

    public Task<Result<TaskItem>> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken)
        => Admit<TaskItem>(HubRole.Worker, "release_task", request.Worker) is { } refused ? Task.FromResult(refused) : api.ReleaseAsync(request, cancellationToken);

    public Task<Result<TaskItem>> CancelAsync(TaskId taskId, string? reason, CancellationToken cancellationToken)
        => Admit<TaskItem>(HubRole.Coordinator, "cancel") is { } refused ? Task.FromResult(refused) : api.CancelAsync(taskId, reason, cancellationToken);

    public Task<Result<IReadOnlyList<TaskItem>>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken)
        => Admit<IReadOnlyList<TaskItem>>(HubRole.Observer, "list_tasks") is { } refused ? Task.FromResult(refused) : api.ListTasksAsync(query, cancellationToken);

    public Task<Result<TaskDetail>> ShowTaskAsync(TaskId taskId, CancellationToken cancellationToken)
        => Admit<TaskDetail>(HubRole.Observer, "show_task") is { } refused ? Task.FromResult(refused) : api.ShowTaskAsync(taskId, cancellationToken);

    public Task<Result<StatusSnapshot>> StatusAsync(CancellationToken cancellationToken)
        => Admit<StatusSnapshot>(HubRole.Observer, "status") is { } refused ? Task.FromResult(refused) : api.StatusAsync(cancellationToken);

    public Task<Result<IReadOnlyList<BatonEvent>>> ReadEventsAsync(long afterId, int max, TimeSpan wait, CancellationToken cancellationToken)
        => Admit<IReadOnlyList<BatonEvent>>(HubRole.Observer, "events") is { } refused ? Task.FromResult(refused) : api.ReadEventsAsync(afterId, max, wait, cancellationToken);

    public Task<Result<IReadOnlyList<InboxItem>>> InboxAsync(CancellationToken cancellationToken)
        => Admit<IReadOnlyList<InboxItem>>(HubRole.Observer, "inbox") is { } refused ? Task.FromResult(refused) : api.InboxAsync(cancellationToken);

    public Task<Result<TaskItem>> ResolveAsync(ResolveRequest request, CancellationToken cancellationToken)
        => Admit<TaskItem>(HubRole.Coordinator, "resolve") is { } refused ? Task.FromResult(refused) : api.ResolveAsync(request, cancellationToken);

    public Task<Result<StatsSnapshot>> StatsAsync(CancellationToken cancellationToken)
        => Admit<StatsSnapshot>(HubRole.Observer, "stats") is { } refused ? Task.FromResult(refused) : api.StatsAsync(cancellationToken);

    public Task<Result<CheckReport>> CheckAsync(TaskId taskId, CancellationToken cancellationToken)
        => Admit<CheckReport>(HubRole.Coordinator, "check") is { } refused ? Task.FromResult(refused) : api.CheckAsync(taskId, cancellationToken);

    public Task<Result<VerifyResult>> VerifyAsync(CancellationToken cancellationToken)
        => Admit<VerifyResult>(HubRole.Coordinator, "verify") is { } refused ? Task.FromResult(refused) : api.VerifyAsync(cancellationToken);

    // The hub owns the LocalBaton and closes it when it stops.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Null when the caller may make the call (as <paramref name="worker"/>, when one is named); otherwise
    /// the refusal, logged for the audit trail.</summary>
    private Result<T>? Admit<T>(HubRole needed, string tool, WorkerId? worker = null)
    {
        var (who, remote) = caller();
        var allowed = who is null
            ? Result<Caller>.Fail(ErrorCode.Unauthorized, TokenValidator.MissingTokenHelp)
            : AccessRules.Allow(who, needed, tool);
        if (allowed.IsOk && worker is { } acting && AccessRules.ActAs(allowed.Value, acting) is { IsOk: false } foreign)
        {
            allowed = Result<Caller>.Fail(foreign.Error);
        }
        if (allowed.IsOk)
        {
            return null;
        }
        HubLog.ToolRefused(logger, tool, remote, who?.Actor ?? "no token", allowed.Error.Code.ToWire(), allowed.Error.Message);
        return Result<T>.Fail(allowed.Error);
    }
}
