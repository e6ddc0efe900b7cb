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
        var startedMs = scope.Scalar("SELECT MIN(claimed_at) FROM attempts") as long?;
        return StoreFigures.Status(counts, startedMs, now, LoadWorkers(scope, now, null), Waiting(scope),
            Count(scope, "SELECT COALESCE(MAX(id), 0) FROM events"));
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
                waiting.Add(StoreFigures.Escalated(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
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
                StoreFigures.AddPendingDependency(pendingDeps, reader.GetString(0), reader.GetString(1), reader.GetString(2));
            }
        }
        foreach (var (id, deps) in pendingDeps.Take(WaitingShown))
        {
            waiting.Add(StoreFigures.Pending(id, deps));
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
                    waiting.Add(StoreFigures.Reserved(reader.GetString(0), holder.Task.Value));
                }
            }
        }
        return waiting;
    }
}
