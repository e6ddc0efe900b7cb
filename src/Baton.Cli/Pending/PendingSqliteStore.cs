// TEMPORARY: signatures of types other branches are writing; deleted when they land on main.
#pragma warning disable CA1822, IDE0060, CS1998 // stub bodies: replaced by the real implementation
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Status;
using Baton.Core.Tasks;
using Baton.Core.Workers;

namespace Baton.Storage.Sqlite;

public sealed class SqliteStore : IBatonStore
{
    public string Location => throw new NotImplementedException();
    public string RepositoryRoot => throw new NotImplementedException();
    public IStoreChangeFeed Changes => throw new NotImplementedException();
    public static Task<SqliteStore> OpenAsync(SqliteStoreOptions options, CancellationToken ct) => throw new NotImplementedException();
    public Task<Result<ImportResult>> ImportAsync(IReadOnlyList<TaskSpec> tasks, string? planName, IReadOnlyList<string> warnings, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<Assignment>> ClaimAsync(ClaimRequest request, TimeSpan defaultLease, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<HeartbeatResult>> HeartbeatAsync(HeartbeatRequest request, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<ReportResult>> ReportAsync(ReportRequest request, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<TaskItem>> ReleaseAsync(ReleaseRequest request, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<TaskItem>> CancelAsync(TaskId taskId, string? reason, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<TaskItem>> ListTasksAsync(TaskQuery query, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<Result<TaskDetail>> ShowTaskAsync(TaskId taskId, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<StatusSnapshot> StatusAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<BatonEvent>> ReadEventsAsync(long afterId, int max, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<long> LastEventIdAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<WorkerInfo> TouchWorkerAsync(WorkerPresence presence, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<TaskId>> ExpireLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<TaskId>> ReleaseWorkerAsync(WorkerId worker, string reason, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<DateTimeOffset?> NextLeaseExpiryAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
