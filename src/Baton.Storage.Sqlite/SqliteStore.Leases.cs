using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc/>
    public Task<Result<HeartbeatResult>> HeartbeatAsync(HeartbeatRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WriteAsync(scope => Heartbeat(scope, request, Ms(now)), cancellationToken);
    }

    private static Result<HeartbeatResult> Heartbeat(StoreScope scope, HeartbeatRequest request, long now)
    {
        var worker = request.Worker.Value;
        scope.Exec("UPDATE workers SET last_seen = $now WHERE name = $worker", ("$now", now), ("$worker", worker));
        if (request.Task is { } only)
        {
            var refusal = CheckHolder(scope, only.Value, worker, null, now, "heartbeat");
            if (refusal is not null)
            {
                return refusal;
            }
        }
        else
        {
            // Expire this worker's lapsed leases first, so it learns of them now rather than silently.
            var lapsed = new List<string>();
            using (var reader = scope.Query("SELECT id FROM tasks WHERE state = 'leased' AND worker = $worker AND lease_expires_at <= $now", ("$worker", worker), ("$now", now)))
            {
                while (reader.Read())
                {
                    lapsed.Add(reader.GetString(0));
                }
            }
            foreach (var id in lapsed)
            {
                EndLease(scope, id, worker, "expired", $"lease of {worker} expired", now, countsAsFailure: true);
            }
            if (scope.Scalar("SELECT 1 FROM tasks WHERE state = 'leased' AND worker = $worker", ("$worker", worker)) is null)
            {
                return lapsed.Count > 0
                    ? BatonError.Of(ErrorCode.LeaseExpired, $"heartbeat refused: lease of {worker} on {string.Join(", ", lapsed)} expired; task returned to the queue")
                    : BatonError.Of(ErrorCode.LeaseNotHeld, $"heartbeat refused: {worker} holds no live lease");
            }
        }

        var renewed = new List<RenewedLease>();
        var leases = new List<(string Id, string LeaseId, long Expires)>();
        using (var reader = scope.Query(
            "SELECT id, lease_id, lease_length FROM tasks WHERE state = 'leased' AND worker = $worker AND ($task IS NULL OR id = $task)",
            ("$worker", worker), ("$task", request.Task?.Value)))
        {
            while (reader.Read())
            {
                var length = request.Lease is { } asked ? (long)asked.TotalMilliseconds : reader.GetInt64(2);
                leases.Add((reader.GetString(0), reader.GetString(1), now + Math.Max(length, 1)));
            }
        }
        foreach (var (id, leaseId, expires) in leases)
        {
            scope.Exec(
                "UPDATE tasks SET lease_expires_at = $expires, updated_at = $now WHERE id = $id",
                ("$expires", expires), ("$now", now), ("$id", id));
            scope.Exec("UPDATE attempts SET last_heard_at = $now WHERE lease_id = $lease", ("$now", now), ("$lease", leaseId));
            if (request.Note is { } note)
            {
                scope.Exec("UPDATE attempts SET note = $note WHERE lease_id = $lease", ("$note", note), ("$lease", leaseId));
            }
            renewed.Add(new RenewedLease { TaskId = new TaskId(id), LeaseId = new LeaseId(leaseId), ExpiresAt = At(expires) });
        }
        return new HeartbeatResult { Renewed = renewed };
    }

    /// <inheritdoc/>
    public Task<Result<TaskItem>> ReleaseAsync(ReleaseRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WriteAsync(scope =>
        {
            var at = Ms(now);
            var refusal = CheckHolder(scope, request.TaskId.Value, request.Worker.Value, null, at, "release");
            if (refusal is not null)
            {
                return Result<TaskItem>.Fail(refusal);
            }
            var reason = request.Reason is { Length: > 0 } r ? $"released by {request.Worker.Value}: {r}" : $"released by {request.Worker.Value}";
            if (request.Reason is { Length: > 0 })
            {
                scope.Exec("UPDATE attempts SET note = $note WHERE task_id = $id AND number = (SELECT attempts FROM tasks WHERE id = $id)",
                    ("$note", request.Reason), ("$id", request.TaskId.Value));
            }
            EndLease(scope, request.TaskId.Value, request.Worker.Value, "released", reason, at, countsAsFailure: false);
            return Result<TaskItem>.Ok(LoadTask(scope, request.TaskId.Value)!);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<TaskId>> ReleaseWorkerAsync(WorkerId worker, string reason, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync<IReadOnlyList<TaskId>>(scope =>
        {
            var at = Ms(now);
            var held = HeldTasks(scope, worker.Value);
            foreach (var id in held)
            {
                EndLease(scope, id, worker.Value, "lost", reason, at, countsAsFailure: true);
            }
            return held.Select(id => new TaskId(id)).ToList();
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<Result<TaskItem>> CancelAsync(TaskId taskId, string? reason, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(scope =>
        {
            var at = Ms(now);
            var task = LoadTask(scope, taskId.Value);
            if (task is null)
            {
                return Result<TaskItem>.Fail(ErrorCode.NotFound, $"no task '{taskId.Value}'");
            }
            if (task.State.IsFinished())
            {
                return Result<TaskItem>.Fail(ErrorCode.IllegalTransition, $"cannot cancel {taskId.Value}: it is already {task.State.ToWire()}");
            }
            if (task.CurrentLease is { } lease)
            {
                scope.Exec("UPDATE attempts SET ended_at = $now, ending = 'cancelled' WHERE lease_id = $lease", ("$now", at), ("$lease", lease.Id.Value));
            }
            var why = reason is { Length: > 0 } ? $"cancelled: {reason}" : "cancelled";
            scope.Exec(
                """
                UPDATE tasks SET state = 'cancelled', state_reason = $why, worker = NULL, lease_id = NULL,
                       claimed_at = NULL, lease_expires_at = NULL, updated_at = $now WHERE id = $id
                """,
                ("$why", why), ("$now", at), ("$id", taskId.Value));
            scope.AppendEvent(at, EventTypes.TaskCancelled, taskId.Value, task.CurrentLease?.Worker.Value, "cancelled", $"{taskId.Value} {why}");
            return Result<TaskItem>.Ok(LoadTask(scope, taskId.Value)!);
        }, cancellationToken);
}
