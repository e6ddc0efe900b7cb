using Baton.Core.Life;
using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
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
        long? startedMs = null;
        long lastEventId;
        using (var reader = scope.Query("SELECT (SELECT MIN(claimed_at) FROM attempts), (SELECT COALESCE(MAX(id), 0) FROM events)"))
        {
            reader.Read();
            startedMs = reader.LongOrNull(0);
            lastEventId = reader.GetInt64(1);
        }
        return StoreFigures.Status(counts, startedMs, now, LoadWorkers(scope, now, null), Waiting(scope), lastEventId);
    }

    // Why tasks are not running: escalated (waiting on the engineer), pending on dependencies (naming each unfinished one
    // and its state), or ready but held back by files reserved by a leased task.
    private static List<WaitingTask> Waiting(StoreScope scope)
    {
        var waiting = new List<WaitingTask>();
        var pendingDeps = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var reader = scope.Query([
            ("SELECT id, state_reason FROM tasks WHERE state = $1 ORDER BY seq LIMIT $2",
                [Arg.Text(StoredStates.Name(TaskState.Escalated)), Arg.Long(WaitingShown)]),
            ("""
             SELECT t.id, d.depends_on, dt.state FROM tasks t
               JOIN deps d ON d.task_id = t.id JOIN tasks dt ON dt.id = d.depends_on
             WHERE t.state = $1 AND dt.state <> $2
             ORDER BY t.seq, d.position LIMIT 500
             """, [Arg.Text(StoredStates.Name(TaskState.Pending)), Arg.Text(StoredStates.Name(TaskState.Done))])]))
        {
            // Escalated tasks first: they wait on the engineer, and the status names them (and points to the inbox).
            while (reader.Read())
            {
                waiting.Add(StoreFigures.Escalated(reader.GetString(0), reader.TextOrNull(1)));
            }
            reader.NextResult();
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
            using var reader = scope.Query("SELECT id, files FROM tasks WHERE state = $1 AND files <> '[]' ORDER BY priority DESC, seq LIMIT 500",
                Arg.Text(StoredStates.Name(TaskMachine.ClaimableState)));
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
