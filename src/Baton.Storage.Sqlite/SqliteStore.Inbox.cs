using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string EscalationColumns = "id, task_id, kind, reason, worker, conflicting_task, conflicting_worker, paths, created_at, resolved_at, resolution, note";

    private static Escalation ReadEscalation(PreparedStatement r) => new()
    {
        Id = r.GetInt64(0),
        TaskId = r.GetString(1),
        Kind = r.GetString(2),
        Reason = r.GetString(3),
        Worker = r.IsDBNull(4) ? null : r.GetString(4),
        ConflictingTask = r.IsDBNull(5) ? null : r.GetString(5),
        ConflictingWorker = r.IsDBNull(6) ? null : r.GetString(6),
        Paths = StringsFromJson(r.GetString(7)),
        CreatedAt = At(r.GetInt64(8)),
        ResolvedAt = r.IsDBNull(9) ? null : At(r.GetInt64(9)),
        Resolution = r.IsDBNull(10) ? null : r.GetString(10),
        Note = r.IsDBNull(11) ? null : r.GetString(11),
    };

    /// <inheritdoc/>
    public Task<IReadOnlyList<InboxItem>> InboxAsync(CancellationToken cancellationToken)
        => SnapshotAsync<IReadOnlyList<InboxItem>>(scope =>
        {
            var open = new List<Escalation>();
            using (var reader = scope.Query($"SELECT {EscalationColumns} FROM escalations WHERE resolved_at IS NULL ORDER BY id"))
            {
                while (reader.Read())
                {
                    open.Add(ReadEscalation(reader));
                }
            }
            return open.Select(e => new InboxItem
            {
                Escalation = e,
                Detail = LoadDetail(scope, e.TaskId)!,
                Feedback = scope.Scalar("SELECT feedback FROM tasks WHERE id = $id", ("$id", e.TaskId)) as string,
            }).ToList();
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<Result<TaskItem>> ResolveAsync(ResolveRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TaskMachine.CheckResolve(request) is { } malformed)
        {
            return Task.FromResult(Result<TaskItem>.Fail(malformed));
        }
        return WriteAsync(scope =>
        {
            var open = scope.Scalar("SELECT 1 FROM escalations WHERE task_id = $id AND resolved_at IS NULL", ("$id", request.TaskId.Value)) is not null;
            return Decide(scope, request.TaskId, (task, life) => TaskMachine.Resolve(task, life, open, request, now));
        }, cancellationToken);
    }
}
