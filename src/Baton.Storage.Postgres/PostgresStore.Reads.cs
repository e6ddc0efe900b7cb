using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Life;
using Baton.Core.Tasks;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string EventColumns = "id, at, type, task_id, worker, state, message, data, actor";

    internal static TaskItem? LoadTask(StoreScope scope, string id)
    {
        using var row = scope.Query($"SELECT {TaskRows.Columns}, {TaskRows.DependsOn} FROM tasks WHERE id = $1", Arg.Text(id));
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
        using var reader = scope.Query($"SELECT {AttemptColumns} FROM attempts WHERE task_id = $1 ORDER BY number", Arg.Text(id));
        return ReadAttempts(reader);
    }

    private static List<AttemptRecord> ReadAttempts(NpgsqlDataReader reader)
    {
        var attempts = new List<AttemptRecord>();
        while (reader.Read())
        {
            ColumnList.AssertAt(reader.GetName(AttemptAt.Note), AttemptAt.Note, "note");
            attempts.Add(new AttemptRecord
            {
                Number = reader.Int(AttemptAt.Number),
                LeaseId = new LeaseId(reader.GetString(AttemptAt.LeaseId)),
                Worker = new WorkerId(reader.GetString(AttemptAt.Worker)),
                ClaimedAt = reader.At(AttemptAt.ClaimedAt),
                EndedAt = reader.AtOrNull(AttemptAt.EndedAt),
                Ending = reader.TextOrNull(AttemptAt.Ending),
                Note = reader.TextOrNull(AttemptAt.Note),
                Checks = reader.IsDBNull(AttemptAt.Checks) ? null : StoreJson.Checks(reader.GetString(AttemptAt.Checks)),
            });
        }
        return attempts;
    }

    private const string ReportColumns = "id, task_id, attempt, worker, lease_id, outcome, summary, files, context_score, notes, late, refused_reason, at";

    // Among the reports of the task (ix_reports_task): a retry repeats its task, and no index of every key is kept.
    private const string FindReportSql = $"SELECT {ReportColumns} FROM reports WHERE task_id = $1 AND idempotency_key = $2";

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

    private static ReportRecord ReadReport(NpgsqlDataReader r)
    {
        ColumnList.AssertAt(r.GetName(ReportAt.At), ReportAt.At, "at");
        if (!ReportOutcomes.TryParse(r.GetString(ReportAt.Outcome), out var outcome))
        {
            throw new InvalidDataException($"report {r.GetInt64(ReportAt.Id)} has an unknown outcome '{r.GetString(ReportAt.Outcome)}'");
        }
        return new ReportRecord
        {
            Id = r.GetInt64(ReportAt.Id),
            TaskId = new TaskId(r.GetString(ReportAt.TaskId)),
            Attempt = r.Int(ReportAt.Attempt),
            Worker = new WorkerId(r.GetString(ReportAt.Worker)),
            LeaseId = r.IsDBNull(ReportAt.LeaseId) ? null : new LeaseId(r.GetString(ReportAt.LeaseId)),
            Outcome = outcome,
            Summary = r.GetString(ReportAt.Summary),
            Files = StoreJson.Strings(r.GetString(ReportAt.Files)),
            ContextScore = r.IntOrNull(ReportAt.ContextScore),
            Notes = r.TextOrNull(ReportAt.Notes),
            Late = r.GetInt64(ReportAt.Late) == 1,
            RefusedReason = r.TextOrNull(ReportAt.RefusedReason),
            At = r.At(ReportAt.At),
        };
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

    private static BatonEvent ReadEvent(NpgsqlDataReader r)
    {
        ColumnList.AssertAt(r.GetName(EventAt.Actor), EventAt.Actor, "actor");
        return new()
        {
            Id = r.GetInt64(EventAt.Id),
            At = r.At(EventAt.At),
            Type = r.GetString(EventAt.Type),
            TaskId = r.TextOrNull(EventAt.TaskId),
            Worker = r.TextOrNull(EventAt.Worker),
            State = r.TextOrNull(EventAt.State),
            Message = r.TextOrNull(EventAt.Message),
            Actor = r.TextOrNull(EventAt.Actor),
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
        var state = query.ReadyOnly ? StoredStates.Name(TaskMachine.ClaimableState) : query.State is { } asked ? StoredStates.Name(asked) : null;
        var deps = new Dictionary<string, List<TaskId>>(StringComparer.Ordinal);
        var tasks = new List<TaskItem>();
        using (var reader = scope.Query([
            ("SELECT task_id, depends_on FROM deps ORDER BY task_id, position", []),
            ($"SELECT {TaskRows.Columns} FROM tasks WHERE $1::text IS NULL OR state = $1 ORDER BY seq", [Arg.Text(state)])]))
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
            reader.NextResult();
            while (reader.Read())
            {
                tasks.Add(TaskRows.Read(reader, deps.TryGetValue(reader.GetString(TaskRows.Id), out var d) ? d : []));
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

    // The task, its dependents, attempts, reports and events: one round trip.
    private static TaskDetail? LoadDetail(StoreScope scope, string id)
    {
        TaskItem task;
        var dependents = new List<TaskId>();
        List<AttemptRecord> attempts;
        var reports = new List<ReportRecord>();
        var events = new List<BatonEvent>();
        using (var reader = scope.Query([
            ($"SELECT {TaskRows.Columns}, {TaskRows.DependsOn} FROM tasks WHERE id = $1", [Arg.Text(id)]),
            ("SELECT d.task_id FROM deps d JOIN tasks t ON t.id = d.task_id WHERE d.depends_on = $1 ORDER BY t.seq", [Arg.Text(id)]),
            ($"SELECT {AttemptColumns} FROM attempts WHERE task_id = $1 ORDER BY number", [Arg.Text(id)]),
            ($"SELECT {ReportColumns} FROM reports WHERE task_id = $1 ORDER BY id", [Arg.Text(id)]),
            ($"SELECT {EventColumns} FROM events WHERE task_id = $1 ORDER BY id", [Arg.Text(id)])]))
        {
            if (!reader.Read())
            {
                return null;
            }
            task = TaskRows.Read(reader, TaskRows.ReadDependsOn(reader, TaskRows.ColumnCount));
            reader.NextResult();
            while (reader.Read())
            {
                dependents.Add(new TaskId(reader.GetString(0)));
            }
            reader.NextResult();
            attempts = ReadAttempts(reader);
            reader.NextResult();
            while (reader.Read())
            {
                reports.Add(ReadReport(reader));
            }
            reader.NextResult();
            while (reader.Read())
            {
                events.Add(ReadEvent(reader));
            }
        }
        return new TaskDetail
        {
            Task = task,
            Dependents = dependents,
            Attempts = attempts,
            Reports = reports,
            Events = events,
        };
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<BatonEvent>> ReadEventsAsync(long afterId, int max, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<BatonEvent>>(scope =>
        {
            var events = new List<BatonEvent>();
            using var reader = scope.Query($"SELECT {EventColumns} FROM events WHERE id > $1 ORDER BY id LIMIT $2",
                Arg.Long(afterId), Arg.Long(Math.Clamp(max, 1, 10_000)));
            while (reader.Read())
            {
                events.Add(ReadEvent(reader));
            }
            return events;
        }, cancellationToken);

    /// <inheritdoc/>
    public async Task<int> CountReadyAsync(int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ExpireIfDueAsync(now, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(scope => checked((int)(long)scope.Scalar("SELECT COUNT(*) FROM (SELECT 1 FROM tasks WHERE state = $1 LIMIT $2) ready",
            Arg.Text(StoredStates.Name(TaskMachine.ClaimableState)), Arg.Long(Math.Max(0, limit)))!), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<long> LastEventIdAsync(CancellationToken cancellationToken)
        => ReadAsync(scope => (long)scope.Scalar("SELECT COALESCE(MAX(id), 0) FROM events")!, cancellationToken);

    // Lazy expiry for reads: take the write lock only when a lease is actually due.
    private async Task ExpireIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await ReadAsync(scope => scope.Scalar("SELECT 1 FROM tasks WHERE state = $1 AND lease_expires_at <= $2 LIMIT 1",
            Arg.Text(StoredStates.Name(TaskState.Leased)), Arg.Long(Ms(now))) is not null, cancellationToken).ConfigureAwait(false);
        if (due)
        {
            await ExpireLeasesAsync(now, cancellationToken).ConfigureAwait(false);
        }
    }

    private static long Count(StoreScope scope, string sql, params NpgsqlParameter[] args) => (long)scope.Scalar(sql, args)!;
}
