using Baton.Core.Events;
using Baton.Core.Life;
using Baton.Core.Tasks;
using Baton.Core.Workers;
using Npgsql;

namespace Baton.Storage.Postgres;

// Presence across hubs: any number of hubs serve one database, each recorded in `hubs` (seen_at refreshed every few
// seconds), and each worker's row names the hub that holds its connection (`workers.hub`). A close from a hub that no
// longer holds the worker changes nothing; the release after the grace happens only if, in the same transaction, no other
// live hub holds it; orphans are the workers of hubs that are gone.
public sealed partial class PostgresStore
{
    // Rows of hubs not heard for this long go when another hub records itself: they would never count as live again.
    private const long ForgetHubsAfterMs = 24 * 60 * 60 * 1000;

    /// <inheritdoc/>
    public bool ServesSeveralHubs => true;

    /// <inheritdoc/>
    /// <remarks>Outside the write lock and the writer, on a connection of its own: the table decides no task's life, and a
    /// beat is no change for the hubs' waiters (a NOTIFY every few seconds per hub would wake every waiting claim).</remarks>
    public async Task BeatHubAsync(HubBeat hub, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var at = Ms(now);
        using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command(
                    """
                    INSERT INTO hubs(id, url, started_at, seen_at) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (id) DO UPDATE SET url = COALESCE(EXCLUDED.url, hubs.url), seen_at = GREATEST(EXCLUDED.seen_at, hubs.seen_at)
                    """,
                    Arg.Text(hub.Id.Value), Arg.Text(hub.Url?.ToString()), Arg.Long(Ms(hub.StartedAt)), Arg.Long(at)),
                Command("DELETE FROM hubs WHERE seen_at < $1", Arg.Long(at - ForgetHubsAfterMs)),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task EndHubAsync(HubId hub, CancellationToken cancellationToken)
    {
        using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var delete = new NpgsqlCommand("DELETE FROM hubs WHERE id = $1", connection) { Parameters = { Arg.Text(hub.Value) } };
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<WorkerInfo> ConnectWorkerAsync(WorkerPresence presence, HubId hub, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presence);
        return WriteAsync(scope =>
        {
            var at = Ms(now);
            var name = presence.Worker.Value;
            WorkerRow? stored;
            using (var reader = scope.Query(WorkerRowSql, Arg.Text(name)))
            {
                stored = ReadWorkerRow(reader);
            }
            UpsertWorker(scope, name, true, presence.Capacity, presence.Labels, at, stored);
            scope.Exec("UPDATE workers SET hub = $1 WHERE name = $2", Arg.Text(hub.Value), Arg.Text(name));
            return LoadWorkers(scope, at, name)[0];
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task DisconnectWorkerAsync(WorkerId worker, HubId hub, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(scope =>
        {
            var at = Ms(now);
            WorkerRow? left;
            using (var reader = scope.Query(
                """
                UPDATE workers SET connected = 0, last_seen = GREATEST(last_seen, $1)
                WHERE name = $2 AND connected = 1 AND (hub = $3 OR hub IS NULL) RETURNING capacity, labels, connected, last_seen
                """,
                Arg.Long(at), Arg.Text(worker.Value), Arg.Text(hub.Value)))
            {
                left = ReadWorkerRow(reader);
            }
            if (left is not null)
            {
                // Not queued: the batch's cached row must say what the database now does.
                scope.Cache?.WorkerWritten(worker.Value, left);
                scope.AppendEvent(at, EventTypes.WorkerLeft, null, worker.Value, null, $"worker {worker.Value} disconnected");
            }
            return left is not null;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<WorkerId>> OrphanedWorkersAsync(HubId hub, DateTimeOffset liveAfter, DateTimeOffset now, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<WorkerId>>(scope =>
        {
            var orphans = new List<WorkerId>();
            using var reader = scope.Query(
                """
                SELECT w.name FROM workers w
                WHERE w.connected = 1 AND (w.hub IS NULL OR (w.hub <> $1
                      AND NOT EXISTS (SELECT 1 FROM hubs h WHERE h.id = w.hub AND h.seen_at >= $2)))
                ORDER BY w.first_seen, w.name
                """,
                Arg.Text(hub.Value), Arg.Long(Ms(liveAfter)));
            while (reader.Read())
            {
                orphans.Add(new WorkerId(reader.GetString(0)));
            }
            return orphans;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<LostWorker> ReleaseLostWorkerAsync(WorkerId worker, HubId hub, string reason, DateTimeOffset liveAfter, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(scope =>
        {
            string? holder = null;
            var holderLive = false;
            WorkerRow? row = null;
            using (var reader = scope.Query(
                "SELECT w.capacity, w.labels, w.connected, w.last_seen, w.hub, h.seen_at >= $2 FROM workers w LEFT JOIN hubs h ON h.id = w.hub WHERE w.name = $1",
                Arg.Text(worker.Value), Arg.Long(Ms(liveAfter))))
            {
                if (reader.Read())
                {
                    row = WorkerRowOf(reader);
                    holder = reader.IsDBNull(4) ? null : reader.GetString(4);
                    holderLive = !reader.IsDBNull(5) && reader.GetBoolean(5);
                }
            }
            if (holder is not null && holder != hub.Value && holderLive)
            {
                // It moved to another live hub within the grace (or that hub, taken for gone, is alive after all).
                return new LostWorker { Released = [], MovedTo = new HubId(holder) };
            }
            var held = LeasedBy(scope, worker.Value);
            foreach (var (task, life) in held)
            {
                Apply(scope, TaskMachine.Lose(task.Id, life, reason, now).Changes);
            }
            if (row is { Connected: true })
            {
                // Run now (after what releasing queued), so the batch's cached row can say what the database now does.
                var at = Ms(now);
                WorkerRow? left;
                using (var reader = scope.Query(
                    "UPDATE workers SET connected = 0, last_seen = GREATEST(last_seen, $1) WHERE name = $2 RETURNING capacity, labels, connected, last_seen",
                    Arg.Long(at), Arg.Text(worker.Value)))
                {
                    left = ReadWorkerRow(reader);
                }
                if (left is not null)
                {
                    scope.Cache?.WorkerWritten(worker.Value, left);
                    scope.AppendEvent(at, EventTypes.WorkerLeft, null, worker.Value, null, $"worker {worker.Value} disconnected");
                }
            }
            return new LostWorker { Released = held.Select(h => h.Item1.Id).ToList() };
        }, cancellationToken);

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] args)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(args);
        return command;
    }
}
