using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
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
        if (!ResolveRequest.Actions.Contains(request.Action, StringComparer.Ordinal))
        {
            return Task.FromResult(Result<TaskItem>.Fail(ErrorCode.BadRequest, $"unknown resolution '{request.Action}'; expected retry, done, cancel or edit"));
        }
        if (request.Action == "edit" && request.Title is null && request.Description is null && request.Context is null)
        {
            return Task.FromResult(Result<TaskItem>.Fail(ErrorCode.BadRequest, "an edit needs a new title, description or context"));
        }
        return WriteAsync(scope => Resolve(scope, request, Ms(now)), cancellationToken);
    }

    private static Result<TaskItem> Resolve(StoreScope scope, ResolveRequest request, long now)
    {
        var id = request.TaskId.Value;
        var task = LoadTask(scope, id);
        if (task is null)
        {
            return Result<TaskItem>.Fail(ErrorCode.NotFound, $"no task '{id}'");
        }
        var open = scope.Scalar("SELECT 1 FROM escalations WHERE task_id = $id AND resolved_at IS NULL", ("$id", id)) is not null;
        if (task.State != TaskState.Escalated && !open)
        {
            return Result<TaskItem>.Fail(ErrorCode.IllegalTransition, $"{id} is not escalated (it is {task.State.ToWire()}): nothing to resolve");
        }
        var note = request.Note is { Length: > 0 } n ? n : null;
        switch (request.Action)
        {
            case "done":
                scope.Exec("UPDATE tasks SET state_reason = $why WHERE id = $id", ("$why", "accepted as done by the engineer" + (note is null ? "" : ": " + note)), ("$id", id));
                FinishDone(scope, id, null, now);
                break;
            case "cancel":
                scope.Exec(
                    "UPDATE tasks SET state = 'cancelled', state_reason = $why, worker = NULL, lease_expires_at = NULL, updated_at = $now WHERE id = $id",
                    ("$why", "cancelled by the engineer" + (note is null ? "" : ": " + note)), ("$now", now), ("$id", id));
                break;
            default:
                // retry or edit: a fresh attempt budget, the engineer's note in the feedback the next worker sees.
                var feedback = note is null ? null : $"The engineer says: {note}";
                scope.Exec(
                    """
                    UPDATE tasks SET title = COALESCE($title, title), description = COALESCE($description, description),
                           context = COALESCE($context, context),
                           state = CASE WHEN pending_deps > 0 THEN 'pending' ELSE 'ready' END,
                           state_reason = $why, feedback = COALESCE($feedback, feedback),
                           max_attempts = attempts + attempt_budget, worker = NULL, lease_expires_at = NULL,
                           ready_at = $now, updated_at = $now
                    WHERE id = $id
                    """,
                    ("$title", request.Title), ("$description", request.Description), ("$context", request.Context),
                    ("$why", $"{request.Action} ordered by the engineer" + (note is null ? "" : ": " + note)),
                    ("$feedback", feedback), ("$now", now), ("$id", id));
                break;
        }
        scope.Exec("UPDATE escalations SET resolved_at = $now, resolution = $action, note = $note WHERE task_id = $id AND resolved_at IS NULL",
            ("$now", now), ("$action", request.Action), ("$note", note), ("$id", id));
        var after = LoadTask(scope, id)!;
        scope.AppendEvent(now, EventTypes.TaskResolved, id, null, after.State.ToWire(), $"engineer resolved {id}: {request.Action}" + (note is null ? "" : $" ({note})"));
        return Result<TaskItem>.Ok(after);
    }
}
