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

    private const string AttemptColumns = "number, lease_id, worker, claimed_at, ended_at, ending, note, checks";

    private static class AttemptAt
    {
        public static readonly int Number = ColumnList.Ordinal(AttemptColumns, "number");
        public static readonly int LeaseId = ColumnList.Ordinal(AttemptColumns, "lease_id");
        public static readonly int Worker = ColumnList.Ordinal(AttemptColumns, "worker");
        public static readonly int ClaimedAt = ColumnList.Ordinal(AttemptColumns, "claimed_at");
        public static readonly int EndedAt = ColumnList.Ordinal(AttemptColumns, "ended_at");
        public static readonly int Ending = ColumnList.Ordinal(AttemptColumns, "ending");
        public static readonly int Note = ColumnList.Ordinal(AttemptColumns, "note");
        public static readonly int Checks = ColumnList.Ordinal(AttemptColumns, "checks");
    }

    internal static List<AttemptRecord> LoadAttempts(StoreScope scope, string id)
    {
        var attempts = new List<AttemptRecord>();
        using var reader = scope.Query($"SELECT {AttemptColumns} FROM attempts WHERE task_id = $id ORDER BY number", ("$id", id));
        while (reader.Read())
        {
            ColumnList.AssertAt(reader.ColumnName(AttemptAt.Note), AttemptAt.Note, "note", reader.Sql);
            attempts.Add(new AttemptRecord
            {
                Number = reader.GetInt32(AttemptAt.Number),
                LeaseId = new LeaseId(reader.GetString(AttemptAt.LeaseId)),
                Worker = new WorkerId(reader.GetString(AttemptAt.Worker)),
                ClaimedAt = At(reader.GetInt64(AttemptAt.ClaimedAt)),
                EndedAt = reader.IsDBNull(AttemptAt.EndedAt) ? null : At(reader.GetInt64(AttemptAt.EndedAt)),
                Ending = reader.IsDBNull(AttemptAt.Ending) ? null : reader.GetString(AttemptAt.Ending),
                Note = reader.IsDBNull(AttemptAt.Note) ? null : reader.GetString(AttemptAt.Note),
                Checks = reader.IsDBNull(AttemptAt.Checks) ? null : StoreJson.Checks(reader.GetString(AttemptAt.Checks)),
            });
        }
        return attempts;
    }

    private const string ReportColumns = "id, task_id, attempt, worker, lease_id, outcome, summary, files, context_score, notes, late, refused_reason, at";

    private static class ReportAt
    {
        public static readonly int Id = ColumnList.Ordinal(ReportColumns, "id");
        public static readonly int TaskId = ColumnList.Ordinal(ReportColumns, "task_id");
        public static readonly int Attempt = ColumnList.Ordinal(ReportColumns, "attempt");
        public static readonly int Worker = ColumnList.Ordinal(ReportColumns, "worker");
        public static readonly int LeaseId = ColumnList.Ordinal(ReportColumns, "lease_id");
        public static readonly int Outcome = ColumnList.Ordinal(ReportColumns, "outcome");
        public static readonly int Summary = ColumnList.Ordinal(ReportColumns, "summary");
        public static readonly int Files = ColumnList.Ordinal(ReportColumns, "files");
        public static readonly int ContextScore = ColumnList.Ordinal(ReportColumns, "context_score");
        public static readonly int Notes = ColumnList.Ordinal(ReportColumns, "notes");
        public static readonly int Late = ColumnList.Ordinal(ReportColumns, "late");
        public static readonly int RefusedReason = ColumnList.Ordinal(ReportColumns, "refused_reason");
        public static readonly int At = ColumnList.Ordinal(ReportColumns, "at");
    }

    private static ReportRecord ReadReport(PreparedStatement r)
    {
        ColumnList.AssertAt(r.ColumnName(ReportAt.At), ReportAt.At, "at", r.Sql);
        if (!ReportOutcomes.TryParse(r.GetString(ReportAt.Outcome), out var outcome))
        {
            throw new InvalidDataException($"report {r.GetInt64(ReportAt.Id)} has an unknown outcome '{r.GetString(ReportAt.Outcome)}'");
        }
        return new ReportRecord
        {
            Id = r.GetInt64(ReportAt.Id),
            TaskId = new TaskId(r.GetString(ReportAt.TaskId)),
            Attempt = r.GetInt32(ReportAt.Attempt),
            Worker = new WorkerId(r.GetString(ReportAt.Worker)),
            LeaseId = r.IsDBNull(ReportAt.LeaseId) ? null : new LeaseId(r.GetString(ReportAt.LeaseId)),
            Outcome = outcome,
            Summary = r.GetString(ReportAt.Summary),
            Files = StoreJson.Strings(r.GetString(ReportAt.Files)),
            ContextScore = r.IsDBNull(ReportAt.ContextScore) ? null : r.GetInt32(ReportAt.ContextScore),
            Notes = r.IsDBNull(ReportAt.Notes) ? null : r.GetString(ReportAt.Notes),
            Late = r.GetInt64(ReportAt.Late) == 1,
            RefusedReason = r.IsDBNull(ReportAt.RefusedReason) ? null : r.GetString(ReportAt.RefusedReason),
            At = At(r.GetInt64(ReportAt.At)),
        };
    }

    // Among the reports of the task (ix_reports_task): a retry repeats its task, and no index of every key is kept.
    private static ReportRecord? FindReportByKey(StoreScope scope, string taskId, string key)
    {
        using var reader = scope.Query($"SELECT {ReportColumns} FROM reports WHERE task_id = $task AND idempotency_key = $key", ("$task", taskId), ("$key", key));
        return reader.Read() ? ReadReport(reader) : null;
    }

    private static class EventAt
    {
        public static readonly int Id = ColumnList.Ordinal(EventColumns, "id");
        public static readonly int At = ColumnList.Ordinal(EventColumns, "at");
        public static readonly int Type = ColumnList.Ordinal(EventColumns, "type");
        public static readonly int TaskId = ColumnList.Ordinal(EventColumns, "task_id");
        public static readonly int Worker = ColumnList.Ordinal(EventColumns, "worker");
        public static readonly int State = ColumnList.Ordinal(EventColumns, "state");
        public static readonly int Message = ColumnList.Ordinal(EventColumns, "message");
        public static readonly int Data = ColumnList.Ordinal(EventColumns, "data");
        public static readonly int Actor = ColumnList.Ordinal(EventColumns, "actor");
    }

    private static BatonEvent ReadEvent(PreparedStatement r)
    {
        ColumnList.AssertAt(r.ColumnName(EventAt.Actor), EventAt.Actor, "actor", r.Sql);
        return new()
        {
            Id = r.GetInt64(EventAt.Id),
            At = At(r.GetInt64(EventAt.At)),
            Type = r.GetString(EventAt.Type),
            TaskId = r.IsDBNull(EventAt.TaskId) ? null : r.GetString(EventAt.TaskId),
            Worker = r.IsDBNull(EventAt.Worker) ? null : r.GetString(EventAt.Worker),
            State = r.IsDBNull(EventAt.State) ? null : r.GetString(EventAt.State),
            Message = r.IsDBNull(EventAt.Message) ? null : r.GetString(EventAt.Message),
            Actor = r.IsDBNull(EventAt.Actor) ? null : r.GetString(EventAt.Actor),
            Data = r.IsDBNull(EventAt.Data) ? null : System.Text.Json.JsonElement.Parse(r.GetString(EventAt.Data)),
        };
    }

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
