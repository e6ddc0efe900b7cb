using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Life;
using Baton.Core.Tasks;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
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

    private static Escalation ReadEscalation(NpgsqlDataReader r)
    {
        ColumnList.AssertAt(r.GetName(EscalationAt.Note), EscalationAt.Note, "note");
        return new()
        {
            Id = r.GetInt64(EscalationAt.Id),
            TaskId = r.GetString(EscalationAt.TaskId),
            Kind = r.GetString(EscalationAt.Kind),
            Reason = r.GetString(EscalationAt.Reason),
            Worker = r.TextOrNull(EscalationAt.Worker),
            ConflictingTask = r.TextOrNull(EscalationAt.ConflictingTask),
            ConflictingWorker = r.TextOrNull(EscalationAt.ConflictingWorker),
            Paths = StoreJson.Strings(r.GetString(EscalationAt.Paths)),
            CreatedAt = r.At(EscalationAt.CreatedAt),
            ResolvedAt = r.AtOrNull(EscalationAt.ResolvedAt),
            Resolution = r.TextOrNull(EscalationAt.Resolution),
            Note = r.TextOrNull(EscalationAt.Note),
        };
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<InboxItem>> InboxAsync(CancellationToken cancellationToken)
        => SnapshotAsync<IReadOnlyList<InboxItem>>(scope =>
        {
            var open = new List<(Escalation Escalation, string? Feedback)>();
            using (var reader = scope.Query(
                $"SELECT {EscalationColumns}, (SELECT t.feedback FROM tasks t WHERE t.id = escalations.task_id) FROM escalations WHERE resolved_at IS NULL ORDER BY id"))
            {
                while (reader.Read())
                {
                    open.Add((ReadEscalation(reader), reader.TextOrNull(EscalationAt.Note + 1)));
                }
            }
            return open.Select(e => new InboxItem
            {
                Escalation = e.Escalation,
                Detail = LoadDetail(scope, e.Escalation.TaskId)!,
                Feedback = e.Feedback,
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
            var open = scope.Scalar("SELECT 1 FROM escalations WHERE task_id = $1 AND resolved_at IS NULL", Arg.Text(request.TaskId.Value)) is not null;
            return Decide(scope, request.TaskId, (task, life) => TaskMachine.Resolve(task, life, open, request, now));
        }, cancellationToken);
    }
}
