using Baton.Core.Events;
using Baton.Core.Life;
using Baton.Core.Tasks;
using Baton.Core.Workers;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const long LastSeenResolutionMs = 1_000;

    /// <inheritdoc/>
    public Task<WorkerInfo> TouchWorkerAsync(WorkerPresence presence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presence);
        return WriteAsync(scope =>
        {
            var at = Ms(now);
            UpsertWorker(scope, presence.Worker.Value, presence.Connected, presence.Capacity, presence.Labels, at);
            return LoadWorkers(scope, at, presence.Worker.Value)[0];
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => SnapshotAsync<IReadOnlyList<WorkerInfo>>(scope => LoadWorkers(scope, Ms(now), null), cancellationToken);

    /// <inheritdoc/>
    /// <remarks>One hub at a time serves a SQLite store (its lock), so every worker marked connected when a hub starts
    /// was connected through a hub that is gone.</remarks>
    public Task<IReadOnlyList<WorkerId>> OrphanedWorkersAsync(HubId hub, DateTimeOffset liveAfter, DateTimeOffset now, CancellationToken cancellationToken)
        => SnapshotAsync<IReadOnlyList<WorkerId>>(scope =>
        {
            var names = new List<WorkerId>();
            using var reader = scope.Query("SELECT name FROM workers WHERE connected = 1 ORDER BY first_seen, name");
            while (reader.Read())
            {
                names.Add(new WorkerId(reader.GetString(0)));
            }
            return names;
        }, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>No other hub can hold the worker (one hub per SQLite store), so it is released, and marked
    /// disconnected when it still shows connected (an orphan of an earlier hub run).</remarks>
    public Task<LostWorker> ReleaseLostWorkerAsync(WorkerId worker, HubId hub, string reason, DateTimeOffset liveAfter, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(scope =>
        {
            var released = ReleaseHeld(scope, worker.Value, reason, now);
            var at = Ms(now);
            if (scope.Exec("UPDATE workers SET connected = 0, last_seen = MAX(last_seen, $now) WHERE name = $name AND connected = 1",
                ("$now", at), ("$name", worker.Value)) > 0)
            {
                scope.AppendEvent(at, EventTypes.WorkerLeft, null, worker.Value, null, $"worker {worker.Value} disconnected");
            }
            return new LostWorker { Released = released };
        }, cancellationToken);

    // Creates the worker on first sight (with an event) and updates what it says of itself.
    private static (int Capacity, IReadOnlyList<string> Labels) UpsertWorker(StoreScope scope, string worker, bool? connected, int? capacity, IReadOnlyList<string>? labels, long now)
    {
        int? storedCapacity = null;
        string? storedLabels = null;
        long storedConnected = 0, lastSeen = 0;
        using (var row = scope.Query("SELECT capacity, labels, connected, last_seen FROM workers WHERE name = $name", ("$name", worker)))
        {
            if (row.Read())
            {
                (storedCapacity, storedLabels, storedConnected, lastSeen) = (row.GetInt32(0), row.GetString(1), row.GetInt64(2), row.GetInt64(3));
            }
        }
        var newLabels = labels is null ? null : StoreJson.Of(labels);
        if (storedCapacity is null)
        {
            ForgetOldWorkers(scope);
            scope.Exec(
                "INSERT INTO workers(name, capacity, labels, connected, first_seen, last_seen) VALUES ($name, $capacity, $labels, $connected, $now, $now)",
                ("$name", worker), ("$capacity", capacity ?? 1), ("$labels", newLabels ?? "[]"), ("$connected", connected == true ? 1 : 0), ("$now", now));
            scope.AppendEvent(now, EventTypes.WorkerJoined, null, worker, null, $"worker {worker} joined");
            return (capacity ?? 1, labels ?? []);
        }
        var changes = (capacity is { } c && c != storedCapacity) || (newLabels is not null && newLabels != storedLabels)
            || (connected is { } on && (on ? 1 : 0) != storedConnected);
        // last_seen is refreshed at most once a second: a waiting worker that finds no task must not
        // commit on every look, or its own commit would wake it (and every other waiter) again.
        if (changes || now - lastSeen >= LastSeenResolutionMs)
        {
            scope.Exec(
                """
                UPDATE workers SET last_seen = $now,
                       capacity = COALESCE($capacity, capacity),
                       labels = COALESCE($labels, labels),
                       connected = COALESCE($connected, connected)
                WHERE name = $name
                """,
                ("$now", now), ("$capacity", capacity), ("$labels", newLabels),
                ("$connected", connected is null ? null : connected.Value ? 1 : 0), ("$name", worker));
        }
        if (connected == false && storedConnected == 1)
        {
            scope.AppendEvent(now, EventTypes.WorkerLeft, null, worker, null, $"worker {worker} disconnected");
        }
        else if (connected == true && storedConnected == 0)
        {
            scope.AppendEvent(now, EventTypes.WorkerJoined, null, worker, null, $"worker {worker} connected");
        }
        return (capacity ?? storedCapacity.Value, labels ?? StoreJson.Strings(storedLabels!));
    }

    // Keeps the table bounded: 10,000 hellos with distinct names must not leave 10,000 rows for good, each listed by
    // every status. Forgets the workers seen longest ago that are disconnected and hold nothing, a tenth of the bound
    // beyond it at once, so the count is taken only when a new name arrives.
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
        foreach (var state in TaskMachine.ReservingStates)
        {
            using var reader = scope.Query("SELECT worker FROM tasks WHERE state = $state AND worker IS NOT NULL", ("$state", StoredStates.Name(state)));
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
        foreach (var name in forget)
        {
            scope.Exec("DELETE FROM workers WHERE name = $name", ("$name", name));
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
        using (var reader = scope.Query("SELECT worker, id FROM tasks WHERE state = $state ORDER BY claimed_at", ("$state", StoredStates.Name(TaskState.Leased))))
        {
            while (reader.Read())
            {
                var name = reader.GetString(0);
                if (!held.TryGetValue(name, out var list))
                {
                    held[name] = list = [];
                }
                list.Add(new TaskId(reader.GetString(1)));
            }
        }
        var workers = new List<WorkerInfo>();
        using (var reader = scope.Query(
            $"SELECT {WorkerColumns} FROM workers WHERE $only IS NULL OR name = $only ORDER BY first_seen, name",
            ("$only", only)))
        {
            while (reader.Read())
            {
                ColumnList.AssertAt(reader.ColumnName(WorkerAt.BusyMs), WorkerAt.BusyMs, "busy_ms", reader.Sql);
                var name = reader.GetString(WorkerAt.Name);
                var connected = reader.GetInt64(WorkerAt.Connected) == 1;
                var lastSeen = reader.GetInt64(WorkerAt.LastSeen);
                var tasks = held.TryGetValue(name, out var h) ? h : [];
                var health = StoreFigures.WorkerHealth(connected, now - lastSeen, tasks.Count > 0);
                workers.Add(new WorkerInfo
                {
                    Name = new WorkerId(name),
                    Capacity = reader.GetInt32(WorkerAt.Capacity),
                    Labels = StoreJson.Strings(reader.GetString(WorkerAt.Labels)),
                    Connected = connected,
                    FirstSeen = At(reader.GetInt64(WorkerAt.FirstSeen)),
                    LastSeen = At(lastSeen),
                    Done = reader.GetInt32(WorkerAt.Done),
                    Failed = reader.GetInt32(WorkerAt.Failed),
                    BusyMs = reader.GetInt64(WorkerAt.BusyMs),
                    CurrentTasks = tasks,
                    Health = health,
                    State = StoreFigures.WorkerState(health, tasks.Count > 0),
                });
            }
        }
        return workers;
    }
}
