using System.Globalization;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string EventColumns = "id, at, type, task_id, worker, state, message, data, actor";

    internal static TaskItem? LoadTask(StoreScope scope, string id)
    {
        using var row = scope.Query($"SELECT {TaskRows.Columns}, {TaskRows.DependsOn} FROM tasks WHERE id = $id", ("$id", id));
        return row.Read() ? TaskRows.Read(row, TaskRows.ReadDependsOn(row, TaskRows.ColumnCount)) : null;
    }

    internal static List<AttemptRecord> LoadAttempts(StoreScope scope, string id)
    {
        var attempts = new List<AttemptRecord>();
        using var reader = scope.Query("SELECT number, lease_id, worker, claimed_at, ended_at, ending, note FROM attempts WHERE task_id = $id ORDER BY number", ("$id", id));
        while (reader.Read())
        {
            attempts.Add(new AttemptRecord
            {
                Number = reader.GetInt32(0),
                LeaseId = new LeaseId(reader.GetString(1)),
                Worker = new WorkerId(reader.GetString(2)),
                ClaimedAt = At(reader.GetInt64(3)),
                EndedAt = reader.IsDBNull(4) ? null : At(reader.GetInt64(4)),
                Ending = reader.IsDBNull(5) ? null : reader.GetString(5),
                Note = reader.IsDBNull(6) ? null : reader.GetString(6),
            });
        }
        return attempts;
    }

    private const string ReportColumns = "id, task_id, attempt, worker, lease_id, outcome, summary, files, context_score, notes, late, refused_reason, at";

    private static ReportRecord ReadReport(PreparedStatement r)
    {
        if (!ReportOutcomes.TryParse(r.GetString(5), out var outcome))
        {
            throw new InvalidDataException($"report {r.GetInt64(0)} has an unknown outcome '{r.GetString(5)}'");
        }
        return new ReportRecord
        {
            Id = r.GetInt64(0),
            TaskId = new TaskId(r.GetString(1)),
            Attempt = r.GetInt32(2),
            Worker = new WorkerId(r.GetString(3)),
            LeaseId = r.IsDBNull(4) ? null : new LeaseId(r.GetString(4)),
            Outcome = outcome,
            Summary = r.GetString(6),
            Files = StringsFromJson(r.GetString(7)),
            ContextScore = r.IsDBNull(8) ? null : r.GetInt32(8),
            Notes = r.IsDBNull(9) ? null : r.GetString(9),
            Late = r.GetInt64(10) == 1,
            RefusedReason = r.IsDBNull(11) ? null : r.GetString(11),
            At = At(r.GetInt64(12)),
        };
    }

    // Among the reports of the task (ix_reports_task): a retry repeats its task, and no index of every key is kept.
    private static ReportRecord? FindReportByKey(StoreScope scope, string taskId, string key)
    {
        using var reader = scope.Query($"SELECT {ReportColumns} FROM reports WHERE task_id = $task AND idempotency_key = $key", ("$task", taskId), ("$key", key));
        return reader.Read() ? ReadReport(reader) : null;
    }

    private static BatonEvent ReadEvent(PreparedStatement r) => new()
    {
        Id = r.GetInt64(0),
        At = At(r.GetInt64(1)),
        Type = r.GetString(2),
        TaskId = r.IsDBNull(3) ? null : r.GetString(3),
        Worker = r.IsDBNull(4) ? null : r.GetString(4),
        State = r.IsDBNull(5) ? null : r.GetString(5),
        Message = r.IsDBNull(6) ? null : r.GetString(6),
        Actor = r.IsDBNull(8) ? null : r.GetString(8),
    };

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TaskItem>> ListTasksAsync(TaskQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await ExpireIfDueAsync(now, cancellationToken).ConfigureAwait(false);
        return await SnapshotAsync(scope => ListTasks(scope, query), cancellationToken).ConfigureAwait(false);
    }

    private static List<TaskItem> ListTasks(StoreScope scope, TaskQuery query)
    {
        var deps = new Dictionary<string, List<TaskId>>(StringComparer.Ordinal);
        using (var reader = scope.Query("SELECT task_id, depends_on FROM deps ORDER BY rowid"))
        {
            while (reader.Read())
            {
                var id = reader.GetString(0);
                if (!deps.TryGetValue(id, out var list))
                {
                    deps[id] = list = [];
                }
                list.Add(new TaskId(reader.GetString(1)));
            }
        }
        var state = query.ReadyOnly ? StoredStates.Name(TaskMachine.ClaimableState) : query.State is { } asked ? StoredStates.Name(asked) : null;
        var tasks = new List<TaskItem>();
        using (var reader = scope.Query($"SELECT {TaskRows.Columns} FROM tasks WHERE $state IS NULL OR state = $state ORDER BY seq", ("$state", state)))
        {
            while (reader.Read())
            {
                tasks.Add(TaskRows.Read(reader, deps.TryGetValue(reader.GetString(1), out var d) ? d : []));
            }
        }
        if (query.ReadyOnly)
        {
            // "Ready" for a listing means claimable now: not blocked by another task's reserved files.
            var reserved = new ScopeReads(scope).Reservations(default);
            tasks.RemoveAll(t => t.Files.Count > 0 && TaskMachine.ReservedBy(t.Files, reserved) is not null);
        }
        return tasks;
    }

    /// <inheritdoc/>
    public Task<Result<TaskDetail>> ShowTaskAsync(TaskId taskId, CancellationToken cancellationToken)
        => SnapshotAsync(scope => LoadDetail(scope, taskId.Value) is { } detail
            ? Result<TaskDetail>.Ok(detail)
            : Result<TaskDetail>.Fail(ErrorCode.NotFound, $"no task '{taskId.Value}'"), cancellationToken);

    private static TaskDetail? LoadDetail(StoreScope scope, string id)
    {
        var task = LoadTask(scope, id);
        if (task is null)
        {
            return null;
        }
        var dependents = new List<TaskId>();
        using (var reader = scope.Query("SELECT task_id FROM deps WHERE depends_on = $id", ("$id", id)))
        {
            while (reader.Read())
            {
                dependents.Add(new TaskId(reader.GetString(0)));
            }
        }
        var reports = new List<ReportRecord>();
        using (var reader = scope.Query($"SELECT {ReportColumns} FROM reports WHERE task_id = $id ORDER BY id", ("$id", id)))
        {
            while (reader.Read())
            {
                reports.Add(ReadReport(reader));
            }
        }
        var events = new List<BatonEvent>();
        using (var reader = scope.Query($"SELECT {EventColumns} FROM events WHERE task_id = $id ORDER BY id", ("$id", id)))
        {
            while (reader.Read())
            {
                events.Add(ReadEvent(reader));
            }
        }
        return new TaskDetail
        {
            Task = task,
            Dependents = dependents,
            Attempts = LoadAttempts(scope, id),
            Reports = reports,
            Events = events,
        };
    }

    // Both reads below stop stepping at their limit instead of naming it in SQL: a LIMIT bound as a parameter
    // cost SQLite tens of microseconds per run (the events read went from about 107 µs to a few; see
    // docs/architecture.md), and a scan SQLite steps lazily reads no further than asked.

    /// <inheritdoc/>
    public Task<IReadOnlyList<BatonEvent>> ReadEventsAsync(long afterId, int max, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<BatonEvent>>(() => Read($"SELECT {EventColumns} FROM events WHERE id > $after ORDER BY id", r =>
        {
            var limit = Math.Clamp(max, 1, 10_000);
            var events = new List<BatonEvent>();
            while (events.Count < limit && r.Read())
            {
                events.Add(ReadEvent(r));
            }
            return events;
        }, ("$after", afterId)), cancellationToken);

    /// <inheritdoc/>
    public async Task<int> CountReadyAsync(int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ExpireIfDueAsync(now, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(() => Read("SELECT 1 FROM tasks INDEXED BY ix_tasks_queue WHERE state = $state", r =>
        {
            var count = 0;
            while (count < limit && r.Read())
            {
                count++;
            }
            return count;
        }, ("$state", StoredStates.Name(TaskMachine.ClaimableState))), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<long> LastEventIdAsync(CancellationToken cancellationToken)
        => ReadAsync(() => Read("SELECT COALESCE(MAX(id), 0) FROM events", r => r.Read() ? r.GetInt64(0) : 0), cancellationToken);

    // Lazy expiry for reads: take the write lock only when a lease is actually due.
    private async Task ExpireIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await ReadAsync(() => Read("SELECT 1 FROM tasks WHERE state = $state AND lease_expires_at <= $now LIMIT 1",
            r => r.Read(), ("$state", StoredStates.Name(TaskState.Leased)), ("$now", Ms(now))), cancellationToken).ConfigureAwait(false);
        if (due)
        {
            await ExpireLeasesAsync(now, cancellationToken).ConfigureAwait(false);
        }
    }

    private static long Count(StoreScope scope, string sql, params (string Name, object? Value)[] args)
        => Convert.ToInt64(scope.Scalar(sql, args), CultureInfo.InvariantCulture);
}
