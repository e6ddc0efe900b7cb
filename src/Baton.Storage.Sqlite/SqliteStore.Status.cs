using Baton.Core.Life;
using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const int WaitingShown = 50;

    /// <inheritdoc/>
    public async Task<StatusSnapshot> StatusAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ExpireIfDueAsync(now, cancellationToken).ConfigureAwait(false);
        return await SnapshotAsync(scope => Status(scope, Ms(now)), cancellationToken).ConfigureAwait(false);
    }

    private static StatusSnapshot Status(StoreScope scope, long now)
    {
        var counts = CountsByState(scope);
        int Of(TaskState state) => counts[StoredStates.Name(state)];
        var total = counts.Values.Sum();
        var done = Of(TaskState.Done);
        var countable = total - Of(TaskState.Cancelled);
        var unfinished = total - done - Of(TaskState.Failed) - Of(TaskState.Cancelled);
        var startedMs = scope.Scalar("SELECT MIN(claimed_at) FROM attempts") as long?;
        long? eta = null;
        if (startedMs is { } started && done > 0 && unfinished > 0)
        {
            eta = (now - started) * unfinished / done;
        }
        return new StatusSnapshot
        {
            Counts = counts,
            Total = total,
            Done = done,
            Progress = countable == 0 ? 0 : (double)done / countable,
            Complete = total > 0 && unfinished == 0,
            Workers = LoadWorkers(scope, now, null),
            Waiting = Waiting(scope),
            LastEventId = Count(scope, "SELECT COALESCE(MAX(id), 0) FROM events"),
            StartedAt = startedMs is { } s ? At(s) : null,
            EtaMs = eta,
            At = At(now),
        };
    }

    // Why tasks are not running: escalated (waiting on the engineer), pending on dependencies (naming each unfinished one and its state),
    // or ready but held back by files reserved by a leased task.
    private static List<WaitingTask> Waiting(StoreScope scope)
    {
        var waiting = new List<WaitingTask>();
        // Escalated tasks first: they wait on the engineer, and the status names them (and points to the inbox).
        using (var reader = scope.Query("SELECT id, state_reason FROM tasks WHERE state = $state ORDER BY seq LIMIT $n",
            ("$state", StoredStates.Name(TaskState.Escalated)), ("$n", WaitingShown)))
        {
            while (reader.Read())
            {
                var why = reader.IsDBNull(1) ? "needs the engineer" : reader.GetString(1);
                waiting.Add(new WaitingTask { TaskId = reader.GetString(0), State = TaskState.Escalated.ToWire(), Reason = why });
            }
        }
        var pendingDeps = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var reader = scope.Query(
            """
            SELECT t.id, d.depends_on, dt.state FROM tasks t
              JOIN deps d ON d.task_id = t.id JOIN tasks dt ON dt.id = d.depends_on
            WHERE t.state = $pending AND dt.state <> $done
            ORDER BY t.seq LIMIT 500
            """, ("$pending", StoredStates.Name(TaskState.Pending)), ("$done", StoredStates.Name(TaskState.Done))))
        {
            while (reader.Read())
            {
                var id = reader.GetString(0);
                if (!pendingDeps.TryGetValue(id, out var list))
                {
                    pendingDeps[id] = list = [];
                }
                var depState = reader.GetString(2);
                list.Add(StoredStates.Parse(depState, reader.GetString(1)) is TaskState.Cancelled or TaskState.Escalated or TaskState.Failed
                    ? $"{reader.GetString(1)} ({depState}: needs the engineer)"
                    : $"{reader.GetString(1)} ({depState})");
            }
        }
        foreach (var (id, deps) in pendingDeps.Take(WaitingShown))
        {
            waiting.Add(new WaitingTask { TaskId = id, State = TaskState.Pending.ToWire(), Reason = "waits on " + string.Join(", ", deps) });
        }

        var reserved = new ScopeReads(scope).Reservations(default);
        if (reserved.Count > 0)
        {
            using var reader = scope.Query("SELECT id, files FROM tasks INDEXED BY ix_tasks_queue WHERE state = $state AND files <> '[]' ORDER BY priority DESC, seq LIMIT 500",
                ("$state", StoredStates.Name(TaskMachine.ClaimableState)));
            while (reader.Read() && waiting.Count < WaitingShown * 2)
            {
                if (TaskMachine.ReservedBy(StoreJson.Strings(reader.GetString(1)), reserved) is { } holder)
                {
                    waiting.Add(new WaitingTask
                    {
                        TaskId = reader.GetString(0),
                        State = StoredStates.Name(TaskMachine.ClaimableState),
                        Reason = $"files overlap those reserved by {holder.Task.Value}",
                    });
                }
            }
        }
        return waiting;
    }
}
