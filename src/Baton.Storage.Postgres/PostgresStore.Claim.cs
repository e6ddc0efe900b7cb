using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Life;
using Baton.Core.Tasks;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    // The tasks in one of TaskMachine.ReservingStates that a claim must look at: lapsed (their deadline passed), the
    // claimant's, or reserving files; the others (live, another's, without files) change nothing for it.
    private const string HoldingColumns = "seq, id, state, worker, lease_expires_at, claimed_at, files";

    internal const string HoldingSql =
        $"SELECT {HoldingColumns} FROM tasks WHERE {PostgresSchema.HeldStates} AND (lease_expires_at <= $1 OR worker = $2 OR files <> '[]')";

    // Lapsed deadlines only (the sweeper's look).
    internal const string DueSql = $"SELECT {HoldingColumns} FROM tasks WHERE {PostgresSchema.HeldStates} AND lease_expires_at <= $1";

    private static class HoldingAt
    {
        public static readonly int Seq = ColumnList.Ordinal(HoldingColumns, "seq");
        public static readonly int Id = ColumnList.Ordinal(HoldingColumns, "id");
        public static readonly int State = ColumnList.Ordinal(HoldingColumns, "state");
        public static readonly int Worker = ColumnList.Ordinal(HoldingColumns, "worker");
        public static readonly int Deadline = ColumnList.Ordinal(HoldingColumns, "lease_expires_at");
        public static readonly int ClaimedAt = ColumnList.Ordinal(HoldingColumns, "claimed_at");
        public static readonly int Files = ColumnList.Ordinal(HoldingColumns, "files");
    }

    // The ready tasks in claim order (TaskMachine.ClaimOrder), walked in ix_tasks_queue's order a page at a time, so a
    // claim costs the rows it looks at, not the number of tasks stored. The first page is small (a claim nearly always
    // takes the first ready task); when Core passes over a whole page (labels, reserved files), the next, bigger page
    // starts after the last row seen. Each row comes with its dependencies: the chosen one answers the claim as it is.
    private const string ReadySql =
        $"SELECT {TaskRows.Columns}, {TaskRows.DependsOn} FROM tasks WHERE state = $1 ORDER BY priority DESC, seq LIMIT $2";

    private const string ReadyAfterSql =
        $"SELECT {TaskRows.Columns}, {TaskRows.DependsOn} FROM tasks WHERE state = $1 AND (priority < $3 OR (priority = $3 AND seq > $4)) "
        + "ORDER BY priority DESC, seq LIMIT $2";

    private const int FirstPage = 4;

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
        return WriteAsync(scope => Claim(scope, request, defaultLease, now), new WriteHint(null, null, request.Worker.Value, now), cancellationToken);
    }

    // A claim is three decisions in one transaction: what lapsed is returned first (so a task whose lease ran out can be
    // claimed now), the worker is recorded, then Core picks the task (or gives back the held one) and leases it. Its
    // reads go in one round trip (the leased and checked tasks, the worker's row, the first page of ready tasks), and its
    // writes are queued: a claim that takes the first ready task costs one round trip before the commit.
    // explainNoTask: false when nobody reads why there is no task (a standing claim).
    private static Result<Assignment> Claim(StoreScope scope, ClaimRequest request, TimeSpan defaultLease, DateTimeOffset now, bool explainNoTask = true)
    {
        var worker = request.Worker.Value;
        List<HoldingRow> holding;
        WorkerRow? stored;
        ReadyPage? page;
        if (scope.Cache is { } cache && cache.TryHolding(worker, now, out holding) && cache.TryWorker(worker, out stored)
            && cache.TryReady(out var cachedRows, out var cachedEnd))
        {
            // Read with the batch's other writes' rows, and kept up to date with what they wrote.
            page = new ReadyPage(cachedRows, cachedEnd);
        }
        else
        {
            using var reader = scope.Query([
                (HoldingSql, [Arg.Long(Ms(now)), Arg.Text(worker)]),
                (WorkerRowSql, [Arg.Text(worker)]),
                (ReadySql, [Arg.Text(StoredStates.Name(TaskMachine.ClaimableState)), Arg.Long(FirstPage)])]);
            holding = ReadHolding(reader);
            reader.NextResult();
            stored = ReadWorkerRow(reader);
            reader.NextResult();
            page = ReadyPage.Of(ReadReadyPage(reader), FirstPage);
        }
        var scan = TaskMachine.ScanHolding(holding, request.Worker, now);
        if (scan.Due.Count > 0 || scan.Stale.Count > 0)
        {
            ReturnLapsed(scope, scan, now);
            // The lapsed tasks may be ready now: the page read before is not the ready set any more (the cache's is, if
            // it knows where they go).
            page = scope.Cache?.TryReady(out var rows, out var end) == true ? new ReadyPage(rows, end) : null;
        }
        var (capacity, labels) = UpsertWorker(scope, worker, null, request.Capacity, request.Labels, Ms(now), stored);
        if (TaskMachine.HeldToGiveBack(scan, capacity) is { } held)
        {
            return BuildAssignment(scope, held);
        }
        if (TaskMachine.Choose(ReadyRows(scope, page), labels, scan.Reserved) is not { } chosen)
        {
            return Result<Assignment>.Fail(ErrorCode.NoTask, explainNoTask ? NoTaskMessage(scope) : "no task ready");
        }
        var (task, life) = (chosen.Task, chosen.Life);
        var decision = TaskMachine.Lease(task, life, request, NewLeaseId(now), defaultLease, now);
        Apply(scope, decision.Changes);
        // The leased task is the row the scan chose with the decided life, not read back (a contract test holds it equal
        // to a later read).
        var leased = decision.After!.ApplyTo(task);
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

    // Time-ordered: a version 7 GUID starts with its millisecond. The last 8 hex digits are random: 2^32 per millisecond.
    private static LeaseId NewLeaseId(DateTimeOffset now)
    {
        var v7 = Guid.CreateVersion7(now).ToString("N");
        return new LeaseId("l-" + v7[..12] + v7[^8..]);
    }

    private static List<HoldingRow> ReadHolding(NpgsqlDataReader reader)
    {
        var rows = new List<HoldingRow>();
        while (reader.Read())
        {
            ColumnList.AssertAt(reader.GetName(HoldingAt.Files), HoldingAt.Files, "files");
            var id = reader.GetString(HoldingAt.Id);
            var files = reader.GetString(HoldingAt.Files);
            rows.Add(new HoldingRow(reader.GetInt64(HoldingAt.Seq), new TaskId(id), StoredStates.Parse(reader.GetString(HoldingAt.State), id),
                reader.IsDBNull(HoldingAt.Worker) ? null : new WorkerId(reader.GetString(HoldingAt.Worker)),
                reader.AtOrNull(HoldingAt.Deadline), reader.AtOrNull(HoldingAt.ClaimedAt),
                files == "[]" ? [] : StoreJson.Strings(files)));
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
        using var row = scope.Query($"SELECT {TaskRows.Columns} FROM tasks WHERE seq = $1", Arg.Long(seq));
        return row.Read() ? TaskRows.ReadLife(row) : throw new InvalidOperationException($"no task row {seq}");
    }

    // A ready page's rows, each whole with its dependencies (TaskRows.DependsOn after the row's columns).
    private static List<ReadyRow> ReadReadyPage(NpgsqlDataReader reader)
    {
        var rows = new List<ReadyRow>();
        while (reader.Read())
        {
            var (task, life) = TaskRows.ReadBoth(reader, TaskRows.ReadDependsOn(reader, TaskRows.ColumnCount));
            rows.Add(new ReadyRow(task, life));
        }
        return rows;
    }

    /// <summary>Ready tasks in claim order, from the first on, up to and including <see cref="End"/> (null: every ready
    /// task is here).</summary>
    private sealed record ReadyPage(List<ReadyRow> Rows, (long Priority, long Seq)? End)
    {
        // A page read with LIMIT size: fewer rows than that are all there are.
        public static ReadyPage Of(List<ReadyRow> rows, int size)
            => new(rows, rows.Count < size ? null : (rows[^1].Task.Priority, rows[^1].Task.Seq));
    }

    // The ready tasks in claim order, a page at a time, from the page read with the claim's other reads (when it is
    // still the ready set) on; the next page starts after the last row the one before reached.
    private static IEnumerable<ReadyRow> ReadyRows(StoreScope scope, ReadyPage? first)
    {
        var state = StoredStates.Name(TaskMachine.ClaimableState);
        var size = FirstPage;
        var page = first;
        if (page is null)
        {
            using var reader = scope.Query(ReadySql, Arg.Text(state), Arg.Long(size));
            page = ReadyPage.Of(ReadReadyPage(reader), size);
        }
        while (true)
        {
            foreach (var row in page.Rows)
            {
                yield return row;
            }
            if (page.End is not { } end)
            {
                yield break;
            }
            size *= 8;
            using var reader = scope.Query(ReadyAfterSql, Arg.Text(state), Arg.Long(size), Arg.Long(end.Priority), Arg.Long(end.Seq));
            page = ReadyPage.Of(ReadReadyPage(reader), size);
        }
    }

    private static string NoTaskMessage(StoreScope scope)
        => TaskMachine.NoTaskMessage(state => CountInState(scope, state), () => CountsByState(scope));

    private static long CountInState(StoreScope scope, TaskState state)
        => (long)scope.Scalar("SELECT COUNT(*) FROM tasks WHERE state = $1", Arg.Text(StoredStates.Name(state)))!;

    // Tasks per state, every state present, keyed by stored name.
    private static Dictionary<string, int> CountsByState(StoreScope scope)
    {
        var counts = StoredStates.EmptyCounts();
        using var reader = scope.Query("SELECT state, COUNT(*) FROM tasks GROUP BY state");
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.Int(1);
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

    // Returns every lapsed lease to ready (or escalates when attempts are used up), and hands out again the tasks whose
    // checks never finished. Runs inside every claim and status, so expiry works with no hub; every hub's sweeper calls
    // it on time as well, and whichever runs first under the write lock returns them (the next finds none).
    private static List<TaskId> ExpireDue(StoreScope scope, DateTimeOffset now)
    {
        List<HoldingRow> due;
        using (var reader = scope.Query(DueSql, Arg.Long(Ms(now))))
        {
            due = ReadHolding(reader);
        }
        var scan = TaskMachine.ScanHolding(due, null, now);
        ReturnLapsed(scope, scan, now);
        return [.. scan.Due.Select(d => d.Task)];
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<TaskId>> ExpireLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync<IReadOnlyList<TaskId>>(scope => ExpireDue(scope, now), cancellationToken);

    internal const string NextExpirySql = $"SELECT MIN(lease_expires_at) FROM tasks WHERE {PostgresSchema.HeldStates} AND state = $1";

    /// <inheritdoc/>
    public Task<DateTimeOffset?> NextLeaseExpiryAsync(CancellationToken cancellationToken)
        => ReadAsync(scope => scope.Scalar(NextExpirySql, Arg.Text(StoredStates.Name(TaskState.Leased))) is long ms
            ? At(ms)
            : (DateTimeOffset?)null, cancellationToken);
}
