using Baton.Core.Events;
using Baton.Core.Tasks;
using Baton.Core.Workers;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const long LastSeenResolutionMs = 1_000;

    private const string WorkerRowSql = "SELECT capacity, labels, connected, last_seen FROM workers WHERE name = $1";

    /// <inheritdoc/>
    public Task<WorkerInfo> TouchWorkerAsync(WorkerPresence presence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presence);
        return WriteAsync(scope =>
        {
            var at = Ms(now);
            WorkerRow? stored;
            using (var reader = scope.Query(WorkerRowSql, Arg.Text(presence.Worker.Value)))
            {
                stored = ReadWorkerRow(reader);
            }
            UpsertWorker(scope, presence.Worker.Value, presence.Connected, presence.Capacity, presence.Labels, at, stored);
            return LoadWorkers(scope, at, presence.Worker.Value)[0];
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => SnapshotAsync<IReadOnlyList<WorkerInfo>>(scope => LoadWorkers(scope, Ms(now), null), cancellationToken);

    // The next row of a read of WorkerRowSql's columns (first), or null when there is none.
    private static WorkerRow? ReadWorkerRow(NpgsqlDataReader reader) => reader.Read() ? WorkerRowOf(reader) : null;

    private static WorkerRow WorkerRowOf(NpgsqlDataReader reader) => new(reader.Int(0), reader.GetString(1), reader.GetInt64(2) == 1, reader.GetInt64(3));

    // Creates the worker on first sight (with an event) and updates what it says of itself. stored: its row as read in
    // this transaction (the claim reads it with its other reads), null when there is none.
    private static (int Capacity, IReadOnlyList<string> Labels) UpsertWorker(StoreScope scope, string worker, bool? connected, int? capacity,
        IReadOnlyList<string>? labels, long now, WorkerRow? stored)
    {
        var newLabels = labels is null ? null : StoreJson.Of(labels);
        if (stored is null)
        {
            ForgetOldWorkers(scope);
            scope.Exec(
                "INSERT INTO workers(name, capacity, labels, connected, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $5)",
                Arg.Text(worker), Arg.Long(capacity ?? 1), Arg.Text(newLabels ?? "[]"), Arg.Long(connected == true ? 1 : 0), Arg.Long(now));
            scope.AppendEvent(now, EventTypes.WorkerJoined, null, worker, null, $"worker {worker} joined");
            scope.Cache?.WorkerWritten(worker, new WorkerRow(capacity ?? 1, newLabels ?? "[]", connected == true, now));
            return (capacity ?? 1, labels ?? []);
        }
        var changes = (capacity is { } c && c != stored.Capacity) || (newLabels is not null && newLabels != stored.Labels)
            || (connected is { } on && on != stored.Connected);
        // last_seen is refreshed at most once a second: a waiting worker that finds no task must not commit on every
        // look, or its own commit would wake it (and every other waiter, on every hub) again.
        if (changes || now - stored.LastSeen >= LastSeenResolutionMs)
        {
            scope.Cache?.WorkerWritten(worker, new WorkerRow(capacity ?? stored.Capacity, newLabels ?? stored.Labels, connected ?? stored.Connected, now));
            scope.Exec(
                """
                UPDATE workers SET last_seen = $1,
                       capacity = COALESCE($2, capacity),
                       labels = COALESCE($3, labels),
                       connected = COALESCE($4, connected)
                WHERE name = $5
                """,
                Arg.Long(now), Arg.Long(capacity), Arg.Text(newLabels), Arg.Long(connected is null ? null : connected.Value ? 1 : 0), Arg.Text(worker));
        }
        if (connected == false && stored.Connected)
        {
            scope.AppendEvent(now, EventTypes.WorkerLeft, null, worker, null, $"worker {worker} disconnected");
        }
        else if (connected == true && !stored.Connected)
        {
            scope.AppendEvent(now, EventTypes.WorkerJoined, null, worker, null, $"worker {worker} connected");
        }
        return (capacity ?? stored.Capacity, labels ?? StoreJson.Strings(stored.Labels));
    }

    // Keeps the table bounded (as the SQLite store does): past MaxWorkers, a new name makes the store forget the workers
    // seen longest ago that are disconnected and hold nothing, a tenth of the bound beyond it at once.
    private static void ForgetOldWorkers(StoreScope scope)
    {
        var max = scope.MaxWorkers;
        var count = (long)scope.Scalar("SELECT COUNT(*) FROM workers")!;
        if (count < max)
        {
            return;
        }
        // A worker that holds a task (in one of TaskMachine.ReservingStates) is kept.
        var holding = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = scope.Query($"SELECT worker FROM tasks WHERE {PostgresSchema.HeldStates} AND worker IS NOT NULL"))
        {
            while (reader.Read())
            {
                holding.Add(reader.GetString(0));
            }
        }
        var forget = new List<string>();
        var excess = count - max + 1 + (max / 10);
        using (var reader = scope.Query("SELECT name FROM workers WHERE connected = 0 ORDER BY last_seen, name"))
        {
            while (forget.Count < excess && reader.Read())
            {
                var name = reader.GetString(0);
                if (!holding.Contains(name))
                {
                    forget.Add(name);
                }
            }
        }
        if (forget.Count > 0)
        {
            scope.Cache?.WorkersForgotten();
            scope.Exec("DELETE FROM workers WHERE name = ANY($1)", Arg.Texts([.. forget]));
        }
    }

    private const string WorkerColumns = "name, capacity, labels, connected, first_seen, last_seen, done, failed, busy_ms";

    private static class WorkerAt
    {
        public static readonly int Name = ColumnList.Ordinal(WorkerColumns, "name");
        public static readonly int Capacity = ColumnList.Ordinal(WorkerColumns, "capacity");
        public static readonly int Labels = ColumnList.Ordinal(WorkerColumns, "labels");
        public static readonly int Connected = ColumnList.Ordinal(WorkerColumns, "connected");
        public static readonly int FirstSeen = ColumnList.Ordinal(WorkerColumns, "first_seen");
        public static readonly int LastSeen = ColumnList.Ordinal(WorkerColumns, "last_seen");
        public static readonly int Done = ColumnList.Ordinal(WorkerColumns, "done");
        public static readonly int Failed = ColumnList.Ordinal(WorkerColumns, "failed");
        public static readonly int BusyMs = ColumnList.Ordinal(WorkerColumns, "busy_ms");
    }

    private static List<WorkerInfo> LoadWorkers(StoreScope scope, long now, string? only)
    {
        var held = new Dictionary<string, List<TaskId>>(StringComparer.Ordinal);
        var workers = new List<WorkerInfo>();
        using var reader = scope.Query([
            ("SELECT worker, id FROM tasks WHERE state = $1 ORDER BY claimed_at", [Arg.Text(StoredStates.Name(TaskState.Leased))]),
            ($"SELECT {WorkerColumns} FROM workers WHERE $1::text IS NULL OR name = $1 ORDER BY first_seen, name", [Arg.Text(only)])]);
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (!held.TryGetValue(name, out var list))
            {
                held[name] = list = [];
            }
            list.Add(new TaskId(reader.GetString(1)));
        }
        reader.NextResult();
        while (reader.Read())
        {
            ColumnList.AssertAt(reader.GetName(WorkerAt.BusyMs), WorkerAt.BusyMs, "busy_ms");
            var name = reader.GetString(WorkerAt.Name);
            var connected = reader.GetInt64(WorkerAt.Connected) == 1;
            var lastSeen = reader.GetInt64(WorkerAt.LastSeen);
            var tasks = held.TryGetValue(name, out var h) ? h : [];
            var health = StoreFigures.WorkerHealth(connected, now - lastSeen, tasks.Count > 0);
            workers.Add(new WorkerInfo
            {
                Name = new WorkerId(name),
                Capacity = reader.Int(WorkerAt.Capacity),
                Labels = StoreJson.Strings(reader.GetString(WorkerAt.Labels)),
                Connected = connected,
                FirstSeen = reader.At(WorkerAt.FirstSeen),
                LastSeen = At(lastSeen),
                Done = reader.Int(WorkerAt.Done),
                Failed = reader.Int(WorkerAt.Failed),
                BusyMs = reader.GetInt64(WorkerAt.BusyMs),
                CurrentTasks = tasks,
                Health = health,
                State = StoreFigures.WorkerState(health, tasks.Count > 0),
            });
        }
        return workers;
    }
}
