using System.Collections;
using System.Globalization;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc/>
    public Task<Result<Assignment>> ClaimAsync(ClaimRequest request, TimeSpan defaultLease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Worker.Value))
        {
            return Task.FromResult(Result<Assignment>.Fail(ErrorCode.BadRequest, "a claim needs a worker name (--worker or BATON_WORKER)"));
        }
        if (request.Capacity is < 1)
        {
            return Task.FromResult(Result<Assignment>.Fail(ErrorCode.BadRequest, $"capacity must be at least 1, got {request.Capacity}"));
        }
        return WriteAsync(scope => Claim(scope, request, defaultLease, now), cancellationToken);
    }

    // The tasks in one of TaskMachine.ReservingStates that a claim must look at: lapsed (their deadline passed), the
    // claimant's, or reserving files; the others (live, another's, without files) change nothing for it. One state at
    // a time, bound, by equality on the state index (state IN (…) made SQLite build a temporary table of the list).
    private const string HoldingColumns = "seq, id, worker, lease_expires_at, claimed_at, files";

    private const string HoldingSql =
        $"SELECT {HoldingColumns} FROM tasks WHERE state = $state AND (lease_expires_at <= $now OR worker = $worker OR files <> '[]')";

    // Lapsed deadlines only (the sweeper's look).
    private const string DueSql = $"SELECT {HoldingColumns} FROM tasks WHERE state = $state AND lease_expires_at <= $now";

    private static class HoldingAt
    {
        public static readonly int Seq = ColumnList.Ordinal(HoldingColumns, "seq");
        public static readonly int Id = ColumnList.Ordinal(HoldingColumns, "id");
        public static readonly int Worker = ColumnList.Ordinal(HoldingColumns, "worker");
        public static readonly int Deadline = ColumnList.Ordinal(HoldingColumns, "lease_expires_at");
        public static readonly int ClaimedAt = ColumnList.Ordinal(HoldingColumns, "claimed_at");
        public static readonly int Files = ColumnList.Ordinal(HoldingColumns, "files");
    }

    // The ready tasks in claim order (TaskMachine.ClaimOrder), walked in ix_tasks_queue's order, so a claim costs the
    // rows it looks at, not the number of tasks stored. SQLite steps the scan row by row, so only the tasks looked
    // at are read (a LIMIT or OFFSET bound as a parameter made every claim cost 15 µs more).
    private const string ReadySql = $"SELECT {TaskRows.Columns} FROM tasks INDEXED BY ix_tasks_queue WHERE state = $state ORDER BY priority DESC, seq";

    // A claim is three decisions in one transaction: what lapsed is returned first (so a task whose lease ran out can
    // be claimed now), the worker is recorded, then Core picks the task (or gives back the held one) and leases it.
    // explainNoTask: false when nobody reads why there is no task (a standing claim): the counts that say why scan
    // the ready and pending tasks, which in a big store would cost every batch that tries the offer.
    private static Result<Assignment> Claim(StoreScope scope, ClaimRequest request, TimeSpan defaultLease, DateTimeOffset now, bool explainNoTask = true)
    {
        var scan = TaskMachine.ScanHolding(ReadHolding(scope, HoldingSql, request.Worker.Value, now), request.Worker, now);
        ReturnLapsed(scope, scan, now);
        var (capacity, labels) = UpsertWorker(scope, request.Worker.Value, null, request.Capacity, request.Labels, Ms(now));
        if (TaskMachine.HeldToGiveBack(scan, capacity) is { } held)
        {
            return BuildAssignment(scope, held);
        }

        TaskItem task;
        TaskLife life;
        using (var reader = scope.Query(ReadySql, ("$state", StoredStates.Name(TaskMachine.ClaimableState))))
        {
            if (TaskMachine.Choose(new ReadyCandidates(reader), labels, scan.Reserved) is null)
            {
                return Result<Assignment>.Fail(ErrorCode.NoTask, explainNoTask ? NoTaskMessage(scope) : "no task ready");
            }
            // Choose stopped on the chosen row: it is read here, not again (decoding the row is most of a read's 11 µs).
            (task, life) = TaskRows.ReadBoth(reader, []);
        }
        var decision = TaskMachine.Lease(task, life, request, NewLeaseId(now), defaultLease, now);
        Apply(scope, decision.Changes);
        // The leased task is the row the scan chose with the decided life, not read back: one statement fewer per claim.
        // A contract test holds it equal to a later read.
        var leased = decision.After!.ApplyTo(task) with { DependsOn = DependsOnOf(scope, task.Seq) };
        var attempt = leased.Attempts;
        return new Assignment
        {
            Task = leased,
            Feedback = life.Feedback,
            Lease = leased.CurrentLease!,
            Attempt = attempt,
            // A first attempt has no history to read.
            History = attempt > 1 ? LoadAttempts(scope, task.Id.Value).Where(a => a.Number < attempt).ToList() : [],
        };
    }

    // Time-ordered: a version 7 GUID starts with its millisecond (an index of lease ids grows at its end instead of
    // taking a random page per claim). The last 8 hex digits are random: 2^32 per millisecond.
    private static LeaseId NewLeaseId(DateTimeOffset now)
    {
        var v7 = Guid.CreateVersion7(now).ToString("N");
        return new LeaseId("l-" + v7[..12] + v7[^8..]);
    }

    private static List<HoldingRow> ReadHolding(StoreScope scope, string sql, string? worker, DateTimeOffset now)
    {
        var rows = new List<HoldingRow>();
        foreach (var state in TaskMachine.ReservingStates)
        {
            using var reader = scope.Query(sql, ("$state", StoredStates.Name(state)), ("$now", Ms(now)), ("$worker", worker));
            while (reader.Read())
            {
                ColumnList.AssertAt(reader.ColumnName(HoldingAt.Files), HoldingAt.Files, "files", reader.Sql);
                var files = reader.GetString(HoldingAt.Files);
                rows.Add(new HoldingRow(reader.GetInt64(HoldingAt.Seq), new TaskId(reader.GetString(HoldingAt.Id)), state,
                    reader.IsDBNull(HoldingAt.Worker) ? null : new WorkerId(reader.GetString(HoldingAt.Worker)),
                    reader.IsDBNull(HoldingAt.Deadline) ? null : At(reader.GetInt64(HoldingAt.Deadline)),
                    reader.IsDBNull(HoldingAt.ClaimedAt) ? null : At(reader.GetInt64(HoldingAt.ClaimedAt)),
                    files == "[]" ? [] : StoreJson.Strings(files)));
            }
        }
        return rows;
    }

    // Leases that ran out go back to the queue (or escalate), and checks that never finished are handed out again.
    private static void ReturnLapsed(StoreScope scope, ClaimScan scan, DateTimeOffset now)
    {
        foreach (var row in scan.Due)
        {
            Apply(scope, TaskMachine.Expire(row.Task, LoadLife(scope, row.Seq), now).Changes);
        }
        foreach (var row in scan.Stale)
        {
            Apply(scope, TaskMachine.HandBack(row.Task, LoadLife(scope, row.Seq), now).Changes);
        }
    }

    private static TaskLife LoadLife(StoreScope scope, long seq)
    {
        using var row = scope.Query($"SELECT {TaskRows.Columns} FROM tasks WHERE seq = $seq", ("$seq", seq));
        return row.Read() ? TaskRows.ReadLife(row) : throw new InvalidOperationException($"no task row {seq}");
    }

    // The chosen task's dependencies, read as every task read gives them (TaskRows.DependsOn), by rowid: not a
    // column of the ready scan, where SQLite would evaluate it for every row the scan passes over.
    private static List<TaskId> DependsOnOf(StoreScope scope, long seq)
    {
        using var row = scope.Query($"SELECT {TaskRows.DependsOn} FROM tasks WHERE seq = $seq", ("$seq", seq));
        row.Read();
        return TaskRows.ReadDependsOn(row, 0);
    }

    private static string NoTaskMessage(StoreScope scope)
        => TaskMachine.NoTaskMessage(state => CountInState(scope, state), () => CountsByState(scope));

    private static long CountInState(StoreScope scope, TaskState state)
        => Convert.ToInt64(scope.Scalar("SELECT COUNT(*) FROM tasks WHERE state = $state", ("$state", StoredStates.Name(state))), CultureInfo.InvariantCulture);

    // Tasks per state, every state present, keyed by stored name.
    private static Dictionary<string, int> CountsByState(StoreScope scope)
    {
        var counts = StoredStates.EmptyCounts();
        using var reader = scope.Query("SELECT state, COUNT(*) FROM tasks GROUP BY state");
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }
        return counts;
    }

    private static Result<Assignment> BuildAssignment(StoreScope scope, TaskId taskId)
    {
        var (task, life) = LoadTaskAndLife(scope, taskId.Value)!.Value;
        var history = LoadAttempts(scope, taskId.Value);
        var current = history[^1];
        return new Assignment
        {
            Task = task,
            Feedback = life.Feedback,
            Lease = task.CurrentLease!,
            Attempt = current.Number,
            History = history.Take(history.Count - 1).ToList(),
        };
    }

    // Returns every lapsed lease to ready (or escalates when attempts are used up), and hands out again the tasks
    // whose checks never finished. Runs inside every claim and status, so expiry works with no hub; the hub's sweeper
    // calls it on time as well.
    private static List<TaskId> ExpireDue(StoreScope scope, DateTimeOffset now)
    {
        var scan = TaskMachine.ScanHolding(ReadHolding(scope, DueSql, null, now), null, now);
        ReturnLapsed(scope, scan, now);
        return [.. scan.Due.Select(d => d.Task)];
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<TaskId>> ExpireLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync<IReadOnlyList<TaskId>>(scope => ExpireDue(scope, now), cancellationToken);

    /// <inheritdoc/>
    public Task<DateTimeOffset?> NextLeaseExpiryAsync(CancellationToken cancellationToken)
        => ReadAsync(() => Read("SELECT MIN(lease_expires_at) FROM tasks WHERE state = $state",
            r => r.Read() && !r.IsDBNull(0) ? At(r.GetInt64(0)) : (DateTimeOffset?)null, ("$state", StoredStates.Name(TaskState.Leased))), cancellationToken);

    // The ready scan as Core's candidates: one row at a time, the labels and files parsed only when there are some.
    // Its enumerator leaves the statement where Core stopped (disposing it does not reset it), so the claim reads the
    // chosen row from it; the statement is the caller's to dispose.
    private sealed class ReadyCandidates(PreparedStatement reader) : IEnumerable<ReadyCandidates.Row>
    {
        public IEnumerator<Row> GetEnumerator() => new Cursor(reader);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        internal sealed class Row(PreparedStatement reader) : IClaimCandidate
        {
            private IReadOnlyList<string>? _labels;
            private IReadOnlyList<string>? _files;

            public IReadOnlyList<string> Labels => _labels ??= Parse(TaskRows.Labels);

            public IReadOnlyList<string> Files => _files ??= Parse(TaskRows.Files);

            // The cursor moved on: what was parsed belongs to the row before.
            public void Moved() => (_labels, _files) = (null, null);

            private List<string> Parse(int column)
            {
                var json = reader.GetString(column);
                return json == "[]" ? [] : StoreJson.Strings(json);
            }
        }

        private sealed class Cursor(PreparedStatement reader) : IEnumerator<Row>
        {
            public Row Current { get; } = new(reader);

            object IEnumerator.Current => Current;

            public bool MoveNext()
            {
                Current.Moved();
                return reader.Read();
            }

            public void Reset() => throw new NotSupportedException("a ready scan runs once");

            public void Dispose()
            {
            }
        }
    }
}
