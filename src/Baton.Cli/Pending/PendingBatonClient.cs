// TEMPORARY: signatures of types other branches are writing; deleted when they land on main.
#pragma warning disable CA1822, IDE0060 // stub bodies: replaced by the real implementation
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Client;

public sealed record BatonClientOptions
{
    public required Uri Server { get; init; }
    public string Role { get; init; } = "worker";
    public WorkerId? Worker { get; init; }
    public int? Capacity { get; init; }
    public IReadOnlyList<string>? Labels { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public bool Reconnect { get; init; } = true;
}

public sealed class BatonClient : IBatonApi
{
    public static Task<Result<BatonClient>> ConnectAsync(BatonClientOptions options, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<Result<ImportResult>> ImportAsync(string planJson, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<Assignment>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<HeartbeatResult>> HeartbeatAsync(HeartbeatRequest request, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<ReportResult>> ReportAsync(ReportRequest request, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<TaskItem>> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<TaskItem>> CancelAsync(TaskId taskId, string? reason, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<IReadOnlyList<TaskItem>>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<TaskDetail>> ShowTaskAsync(TaskId taskId, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<StatusSnapshot>> StatusAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<IReadOnlyList<BatonEvent>>> ReadEventsAsync(long afterId, int max, TimeSpan wait, CancellationToken cancellationToken) => throw new NotImplementedException();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
