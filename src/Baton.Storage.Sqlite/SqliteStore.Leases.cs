using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // A worker's leased tasks, oldest lease first.
    private const string LeasedBySql = $"SELECT {TaskRows.Columns} FROM tasks WHERE state = $state AND worker = $worker ORDER BY claimed_at, seq";

    /// <inheritdoc/>
    public Task<Result<HeartbeatResult>> HeartbeatAsync(HeartbeatRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WriteAsync(scope => Heartbeat(scope, request, now), cancellationToken);
    }

    private static Result<HeartbeatResult> Heartbeat(StoreScope scope, HeartbeatRequest request, DateTimeOffset now)
    {
        IReadOnlyList<(TaskItem, TaskLife)> held = request.Task is { } only
            ? LoadTaskAndLife(scope, only.Value) is { } row ? [row] : []
            : LeasedBy(scope, request.Worker.Value);
        var beat = TaskMachine.Heartbeat(request, held, now, new ScopeReads(scope));
        Apply(scope, beat.Decision.Changes);
        return beat.Decision.Accepted ? new HeartbeatResult { Renewed = beat.Renewed } : beat.Decision.Refusal!;
    }

    private static List<(TaskItem, TaskLife)> LeasedBy(StoreScope scope, string worker)
    {
        var held = new List<(TaskItem, TaskLife)>();
        using var reader = scope.Query(LeasedBySql, ("$state", StoredStates.Name(TaskState.Leased)), ("$worker", worker));
        while (reader.Read())
        {
            held.Add(TaskRows.ReadBoth(reader, []));
        }
        return held;
    }

    /// <inheritdoc/>
    public Task<Result<TaskItem>> ReleaseAsync(ReleaseRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WriteAsync(scope => Decide(scope, request.TaskId,
            (task, life) => TaskMachine.Release(task, life, request, now, new ScopeReads(scope))), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<TaskId>> ReleaseWorkerAsync(WorkerId worker, string reason, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync<IReadOnlyList<TaskId>>(scope => ReleaseHeld(scope, worker.Value, reason, now), cancellationToken);

    private static List<TaskId> ReleaseHeld(StoreScope scope, string worker, string reason, DateTimeOffset now)
    {
        var held = LeasedBy(scope, worker);
        foreach (var (task, life) in held)
        {
            Apply(scope, TaskMachine.Lose(task.Id, life, reason, now).Changes);
        }
        return held.Select(h => h.Item1.Id).ToList();
    }

    /// <inheritdoc/>
    public Task<Result<TaskItem>> CancelAsync(TaskId taskId, string? reason, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(scope => Decide(scope, taskId, (task, life) => TaskMachine.Cancel(task, life, reason, now)), cancellationToken);

    // The shape of most transitions: read the task and its life, let Core decide, apply what it decided (a refusal's
    // changes too), and answer with the task as a read would then give it (an engineer's edit included).
    private static Result<TaskItem> Decide(StoreScope scope, TaskId taskId, Func<TaskItem, TaskLife, LifeDecision> decide)
    {
        if (LoadTaskAndLife(scope, taskId.Value) is not { } row)
        {
            return Result<TaskItem>.Fail(ErrorCode.NotFound, $"no task '{taskId.Value}'");
        }
        var decision = decide(row.Task, row.Life);
        Apply(scope, decision.Changes);
        if (!decision.Accepted)
        {
            return Result<TaskItem>.Fail(decision.Refusal!);
        }
        var task = decision.After!.ApplyTo(row.Task);
        foreach (var edit in decision.Changes.OfType<EditTask>())
        {
            task = edit.ApplyTo(task);
        }
        return task;
    }
}
