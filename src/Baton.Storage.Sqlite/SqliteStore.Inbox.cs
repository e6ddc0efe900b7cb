using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string EscalationColumns = "id, task_id, kind, reason, worker, conflicting_task, conflicting_worker, paths, created_at, resolved_at, resolution, note";

    private static class EscalationAt
    {
        public static readonly int Id = ColumnList.Ordinal(EscalationColumns, "id");
        public static readonly int TaskId = ColumnList.Ordinal(EscalationColumns, "task_id");
        public static readonly int Kind = ColumnList.Ordinal(EscalationColumns, "kind");
        public static readonly int Reason = ColumnList.Ordinal(EscalationColumns, "reason");
        public static readonly int Worker = ColumnList.Ordinal(EscalationColumns, "worker");
        public static readonly int ConflictingTask = ColumnList.Ordinal(EscalationColumns, "conflicting_task");
        public static readonly int ConflictingWorker = ColumnList.Ordinal(EscalationColumns, "conflicting_worker");
        public static readonly int Paths = ColumnList.Ordinal(EscalationColumns, "paths");
        public static readonly int CreatedAt = ColumnList.Ordinal(EscalationColumns, "created_at");
        public static readonly int ResolvedAt = ColumnList.Ordinal(EscalationColumns, "resolved_at");
        public static readonly int Resolution = ColumnList.Ordinal(EscalationColumns, "resolution");
        public static readonly int Note = ColumnList.Ordinal(EscalationColumns, "note");
    }

    private static Escalation ReadEscalation(PreparedStatement r)
    {
        ColumnList.AssertAt(r.ColumnName(EscalationAt.Note), EscalationAt.Note, "note", r.Sql);
        return new()
        {
            Id = r.GetInt64(EscalationAt.Id),
            TaskId = r.GetString(EscalationAt.TaskId),
            Kind = r.GetString(EscalationAt.Kind),
            Reason = r.GetString(EscalationAt.Reason),
            Worker = r.IsDBNull(EscalationAt.Worker) ? null : r.GetString(EscalationAt.Worker),
            ConflictingTask = r.IsDBNull(EscalationAt.ConflictingTask) ? null : r.GetString(EscalationAt.ConflictingTask),
            ConflictingWorker = r.IsDBNull(EscalationAt.ConflictingWorker) ? null : r.GetString(EscalationAt.ConflictingWorker),
            Paths = StoreJson.Strings(r.GetString(EscalationAt.Paths)),
            CreatedAt = At(r.GetInt64(EscalationAt.CreatedAt)),
            ResolvedAt = r.IsDBNull(EscalationAt.ResolvedAt) ? null : At(r.GetInt64(EscalationAt.ResolvedAt)),
            Resolution = r.IsDBNull(EscalationAt.Resolution) ? null : r.GetString(EscalationAt.Resolution),
            Note = r.IsDBNull(EscalationAt.Note) ? null : r.GetString(EscalationAt.Note),
        };
    }

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
