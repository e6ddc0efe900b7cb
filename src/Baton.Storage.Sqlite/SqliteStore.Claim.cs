using System.Globalization;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Globs;
using Baton.Core.Status;
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
        return WriteAsync(scope => Claim(scope, request, defaultLease, Ms(now)), cancellationToken);
    }

    /// <inheritdoc/>
    public StandingClaim? OfferClaim(ClaimRequest request, TimeSpan defaultLease, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Worker.Value) || request.Capacity is < 1)
        {
            return null;
        }
        var offer = new StandingClaim(request with { Wait = null }, defaultLease, time);
        lock (_offers)
        {
            _offers.Add(offer);
        }
        return offer;
    }

    // Inside a batch that changed something, before its commit: each open offer gets a claim. One that finds
    // no task stays open; the rest are ended after the commit. Every offer begun is added to tried at once,
    // so the caller ends it whatever happens next.
    //
    // The claims first run in the batch's transaction as they are, without a savepoint each: a savepoint copies
    // every page the claim touches, a third of the claim's time in a handoff. A claim that finds no task
    // leaves what an ordinary claim that finds none leaves (lapsed leases returned, the worker's last_seen at
    // most once a second). Should one throw, it may have left half a claim in the transaction: false then,
    // and the caller rolls the batch back and runs it again isolated, where each claim gets its own savepoint
    // and one that throws leaves nothing.
    private bool TryOffers(List<(StandingClaim Offer, Assignment? Leased)> tried, bool isolated)
    {
        StandingClaim[] open;
        lock (_offers)
        {
            _offers.RemoveAll(o => o.IsSettled);
            if (_offers.Count == 0)
            {
                return true;
            }
            open = [.. _offers];
        }
        // Most batches make nothing ready (heartbeats, reports of other workers): one probe of the ready
        // index spares each offer a whole claim. Lapsed leases are the sweeper's to return.
        if (new StoreScope(_writer).Scalar("SELECT 1 FROM tasks INDEXED BY ix_tasks_ready WHERE state = 'ready' LIMIT 1") is null)
        {
            return true;
        }
        foreach (var offer in open)
        {
            if (!offer.TryBegin())
            {
                continue;
            }
            tried.Add((offer, null));
            try
            {
                Result<Assignment> ClaimFor(StoreScope scope)
                {
                    scope.Actor = offer.Actor;
                    return Claim(scope, offer.Request, offer.DefaultLease, Ms(offer.Time.GetUtcNow()), explainNoTask: false);
                }
                var result = isolated
                    ? _writer.InSavepoint(scope =>
                    {
                        var claimed = ClaimFor(scope);
                        if (!claimed.IsOk)
                        {
                            scope.Rollback();
                        }
                        return claimed;
                    }, out _)
                    : ClaimFor(new StoreScope(_writer));
                tried[^1] = (offer, result.IsOk ? result.Value : null);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                if (!isolated)
                {
                    return false;
                }
                // The offer stays open; the waiter is served by the next claim after the commit instead.
            }
        }
        return true;
    }

    // explainNoTask: false when nobody reads why there is no task (a standing claim): the counts that say
    // why scan the ready and pending tasks, which in a big store would cost every batch that tries the offer.
    private static Result<Assignment> Claim(StoreScope scope, ClaimRequest request, TimeSpan defaultLease, long now, bool explainNoTask = true)
    {
        var worker = request.Worker.Value;
        // One look at the leased and checking tasks serves three needs: the leases that lapsed (returned
        // to the queue first), the tasks this worker already holds, and the files the others reserve.
        // One state at a time, by equality on the state index, and sorted here: state IN (…) made SQLite
        // build a temporary table of the list, and ORDER BY a sorter, on every claim (10.4 µs against 5.7 for both reads).
        var seen = new List<LeasedRow>();
        ReadLeasedSet(scope, leased: true, worker, now, seen);
        ReadLeasedSet(scope, leased: false, worker, now, seen);
        if (seen.Count > 1)
        {
            seen.Sort(static (a, b) => a.ClaimedAt != b.ClaimedAt ? Nullable.Compare(a.ClaimedAt, b.ClaimedAt) : a.Seq.CompareTo(b.Seq));
        }
        var held = new List<string>();
        var reserved = new List<(string TaskId, List<string> Globs)>();
        var due = new List<(string Id, string Worker)>();
        var stale = new List<string>();
        foreach (var row in seen)
        {
            if (row.Expires <= now)
            {
                if (row.Leased)
                {
                    due.Add((row.Id, row.Worker!));
                }
                else
                {
                    stale.Add(row.Id);
                }
                continue;
            }
            if (row.Leased && row.Worker == worker)
            {
                held.Add(row.Id);
            }
            if (row.Files != "[]")
            {
                reserved.Add((row.Id, StringsFromJson(row.Files)));
            }
        }
        ExpireRows(scope, due, stale, now);
        var (capacity, labels) = UpsertWorker(scope, worker, null, request.Capacity, request.Labels, now);

        if (held.Count >= capacity)
        {
            // A worker at capacity that claims again (an agent that lost track of its task) gets its
            // oldest held task back under the same lease rather than a second one.
            return BuildAssignment(scope, held[0]);
        }

        var candidate = ChooseTask(scope, labels, reserved);
        if (candidate is null)
        {
            return Result<Assignment>.Fail(ErrorCode.NoTask, explainNoTask ? NoTaskMessage(scope) : "no task ready");
        }

        var (chosen, readyAt, feedback) = candidate.Value;
        var id = chosen.Id.Value;
        var length = request.Lease is { } asked ? (long)asked.TotalMilliseconds : chosen.LeaseMs ?? (long)defaultLease.TotalMilliseconds;
        // Time-ordered: a version 7 GUID starts with its millisecond (stores made before index lease ids, and
        // an index grows at its end instead of taking a random page per claim). The last 8 hex digits are
        // random: 2^32 per millisecond.
        var v7 = Guid.CreateVersion7(At(now)).ToString("N");
        var leaseId = "l-" + v7[..12] + v7[^8..];
        scope.Exec(
            """
            UPDATE tasks SET state = 'leased', worker = $worker, lease_id = $lease, claimed_at = $now,
                   lease_expires_at = $expires, lease_length = $length, attempts = attempts + 1, state_reason = NULL, updated_at = $now
            WHERE seq = $seq
            """,
            ("$worker", worker), ("$lease", leaseId), ("$now", now), ("$expires", now + length), ("$length", length), ("$seq", chosen.Seq));
        // The leased task is the row the scan chose with this update's changes, not read back: one statement
        // fewer per claim (about 1 µs in a statement profile; decoding the row, most of a full read's 11 µs,
        // moved into the scan). A contract test holds it equal to a later read.
        var task = chosen with
        {
            State = TaskState.Leased,
            StateReason = null,
            Attempts = chosen.Attempts + 1,
            CurrentLease = new LeaseInfo { Id = new LeaseId(leaseId), Worker = request.Worker, ClaimedAt = At(now), ExpiresAt = At(now + length) },
            UpdatedAt = At(now),
            DependsOn = DependsOnOf(scope, chosen.Seq),
        };
        long attempt = task.Attempts;
        // Handoff: from the later of "the task was ready" and "the worker started asking" to now.
        var askedAt = request.RequestedAt is { } at ? Ms(at) : now;
        var handoff = readyAt is { } ready ? Math.Max(0, now - Math.Max(ready, askedAt)) : (long?)null;
        scope.Exec(
            "INSERT INTO attempts(task_id, number, lease_id, worker, claimed_at, last_heard_at, handoff_ms) VALUES ($task, $n, $lease, $worker, $now, $now, $handoff)",
            ("$task", id), ("$n", attempt), ("$lease", leaseId), ("$worker", worker), ("$now", now), ("$handoff", handoff));
        scope.AppendEvent(now, EventTypes.TaskClaimed, id, worker, "leased",
            $"{worker} claimed {id} (attempt {attempt.ToString(CultureInfo.InvariantCulture)})");
        return new Assignment
        {
            Task = task,
            Feedback = feedback,
            Lease = task.CurrentLease!,
            Attempt = task.Attempts,
            // A first attempt has no history to read.
            History = attempt > 1 ? LoadAttempts(scope, id).Where(a => a.Number < attempt).ToList() : [],
        };
    }

    // The chosen task's dependencies, read as every task read gives them (TaskRows.DependsOn), by rowid: not a
    // column of the ready scan, where SQLite would evaluate it for every row the scan passes over.
    private static List<TaskId> DependsOnOf(StoreScope scope, long seq)
    {
        using var row = scope.Query($"SELECT {TaskRows.DependsOn} FROM tasks WHERE seq = $seq", ("$seq", seq));
        row.Read();
        return TaskRows.ReadDependsOn(row, 0);
    }

    // What a claim reads of one leased or checking task.
    private readonly record struct LeasedRow(long Seq, string Id, string? Worker, bool Leased, long? Expires, long? ClaimedAt, string Files);

    // The state is written into the text, not bound: with a bound state SQLite planned a slower scan (35 µs).
    private static void ReadLeasedSet(StoreScope scope, bool leased, string worker, long now, List<LeasedRow> into)
    {
        using var reader = scope.Query(
            leased
                ? "SELECT seq, id, worker, lease_expires_at, claimed_at, files FROM tasks WHERE state = 'leased' AND (lease_expires_at <= $now OR worker = $worker OR files <> '[]')"
                : "SELECT seq, id, worker, lease_expires_at, claimed_at, files FROM tasks WHERE state = 'checking' AND (lease_expires_at <= $now OR worker = $worker OR files <> '[]')",
            ("$now", now), ("$worker", worker));
        while (reader.Read())
        {
            into.Add(new LeasedRow(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), leased,
                reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetString(5)));
        }
    }

    private static List<string> HeldTasks(StoreScope scope, string worker)
    {
        var held = new List<string>();
        using var reader = scope.Query("SELECT id FROM tasks WHERE state = 'leased' AND worker = $worker ORDER BY claimed_at, seq", ("$worker", worker));
        while (reader.Read())
        {
            held.Add(reader.GetString(0));
        }
        return held;
    }

    private static List<(string TaskId, List<string> Globs)> ReservedGlobs(StoreScope scope)
    {
        var reserved = new List<(string, List<string>)>();
        using var reader = scope.Query("SELECT id, files FROM tasks WHERE state IN ('leased', 'checking') AND files <> '[]'");
        while (reader.Read())
        {
            reserved.Add((reader.GetString(0), StringsFromJson(reader.GetString(1))));
        }
        return reserved;
    }

    // Walks the ready index in (priority desc, seq) order and takes the first task whose labels the worker
    // accepts and whose files overlap no leased task's files (invariant 4). The chosen row is read whole (its
    // dependencies aside), so the claim need not read it again; SQLite decodes only the columns asked for, so
    // the rows passed over cost what they did.
    private static (TaskItem Task, long? ReadyAt, string? Feedback)? ChooseTask(StoreScope scope, IReadOnlyList<string> workerLabels, List<(string TaskId, List<string> Globs)> reserved)
    {
        // SQLite steps the scan row by row, so only the tasks looked at are read. (A LIMIT or OFFSET bound
        // as a parameter made every claim cost 15 µs more: measured 21.6 against 6 µs for the same first row.)
        using var reader = scope.Query(
            $"SELECT {TaskRows.Columns}, ready_at, feedback FROM tasks INDEXED BY ix_tasks_ready WHERE state = 'ready' ORDER BY priority DESC, seq");
        while (reader.Read())
        {
            var labels = reader.GetString(TaskRows.LabelsColumn);
            if (labels != "[]" && !StringsFromJson(labels).All(l => workerLabels.Contains(l, StringComparer.Ordinal)))
            {
                continue;
            }
            var files = reader.GetString(TaskRows.FilesColumn);
            if (files != "[]" && reserved.Count > 0 && OverlapsAny(StringsFromJson(files), reserved) is not null)
            {
                continue;
            }
            var readyAt = reader.IsDBNull(TaskRows.ColumnCount) ? (long?)null : reader.GetInt64(TaskRows.ColumnCount);
            var feedback = reader.IsDBNull(TaskRows.ColumnCount + 1) ? null : reader.GetString(TaskRows.ColumnCount + 1);
            return (TaskRows.Read(reader, []), readyAt, feedback);
        }
        return null;
    }

    internal static string? OverlapsAny(List<string> globs, List<(string TaskId, List<string> Globs)> reserved)
    {
        foreach (var (taskId, held) in reserved)
        {
            foreach (var a in globs)
            {
                foreach (var b in held)
                {
                    if (GlobOverlap.CanOverlap(a, b))
                    {
                        return taskId;
                    }
                }
            }
        }
        return null;
    }

    private static string NoTaskMessage(StoreScope scope)
    {
        var ready = Convert.ToInt64(scope.Scalar("SELECT COUNT(*) FROM tasks WHERE state = 'ready'"), CultureInfo.InvariantCulture);
        var pending = Convert.ToInt64(scope.Scalar("SELECT COUNT(*) FROM tasks WHERE state = 'pending'"), CultureInfo.InvariantCulture);
        if (ready == 0 && pending == 0 && FinishedCounts(scope) is { } finished)
        {
            return FinishedPlan.NoTaskMessage(finished);
        }
        return ready > 0
            ? $"no task ready for this worker: {ready} ready task(s) need other labels or wait on files reserved by leased tasks"
            : pending > 0 ? $"no task ready: {pending} task(s) wait on dependencies" : "no task ready";
    }

    // Tasks per state when the plan is over (FinishedPlan), else null: one probe of the state index (ready and pending are
    // known to be none), the full count only once nothing is open.
    private static Dictionary<string, int>? FinishedCounts(StoreScope scope)
    {
        if (scope.Scalar("SELECT EXISTS(SELECT 1 FROM tasks WHERE state IN ('pending', 'ready', 'leased', 'checking'))") is long and not 0)
        {
            return null;
        }
        var counts = TaskStates.All.ToDictionary(s => s.ToWire(), _ => 0, StringComparer.Ordinal);
        using (var reader = scope.Query("SELECT state, COUNT(*) FROM tasks GROUP BY state"))
        {
            while (reader.Read())
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
            }
        }
        return FinishedPlan.IsFinished(counts) ? counts : null;
    }

    private static Result<Assignment> BuildAssignment(StoreScope scope, string taskId)
    {
        var task = LoadTask(scope, taskId)!;
        var history = LoadAttempts(scope, taskId);
        var current = history[^1];
        return new Assignment
        {
            Task = task,
            Feedback = scope.Scalar("SELECT feedback FROM tasks WHERE id = $id", ("$id", taskId)) as string,
            Lease = task.CurrentLease!,
            Attempt = current.Number,
            History = history.Take(history.Count - 1).ToList(),
        };
    }

    // Lazily returns expired leases to ready (or escalates when attempts are used up). Runs inside every
    // claim and status, so expiry works with no hub; the hub's sweeper calls it on time as well.
    private static List<TaskId> ExpireDue(StoreScope scope, long now)
    {
        // One look for both kinds of deadline (a claim does its own, with its other reads of the leased set).
        var due = new List<(string Id, string Worker)>();
        var stale = new List<string>();
        using (var reader = scope.Query("SELECT id, worker, state FROM tasks WHERE state IN ('leased', 'checking') AND lease_expires_at <= $now", ("$now", now)))
        {
            while (reader.Read())
            {
                if (reader.GetString(2) == "leased")
                {
                    due.Add((reader.GetString(0), reader.GetString(1)));
                }
                else
                {
                    stale.Add(reader.GetString(0));
                }
            }
        }
        ExpireRows(scope, due, stale, now);
        return due.Select(d => new TaskId(d.Id)).ToList();
    }

    private static void ExpireRows(StoreScope scope, List<(string Id, string Worker)> due, List<string> stale, long now)
    {
        foreach (var (id, worker) in due)
        {
            EndLease(scope, id, worker, "expired", $"lease of {worker} expired", now, countsAsFailure: true);
        }
        // A done report whose checks never finished (the checking process died): check it again by
        // handing the task out again rather than leaving it stuck.
        foreach (var id in stale)
        {
            scope.Exec(
                "UPDATE tasks SET state = 'ready', state_reason = 'acceptance checks did not finish; the task is handed out again', worker = NULL, lease_expires_at = NULL, ready_at = $now, updated_at = $now WHERE id = $id",
                ("$now", now), ("$id", id));
            scope.AppendEvent(now, EventTypes.TaskReady, id, null, "ready", $"{id}: acceptance checks did not finish; ready again");
        }
    }

    // Ends the live lease of a task: the attempt gets its ending, the worker its busy time, and the task
    // goes back to ready, or to escalated when it has used its attempts and the ending counts as a failure.
    private static string EndLease(StoreScope scope, string taskId, string worker, string ending, string reason, long now, bool countsAsFailure)
    {
        long attempts, maxAttempts, claimedAt;
        using (var reader = scope.Query("SELECT attempts, max_attempts, claimed_at FROM tasks WHERE id = $id", ("$id", taskId)))
        {
            reader.Read();
            (attempts, maxAttempts, claimedAt) = (reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? now : reader.GetInt64(2));
        }
        scope.Exec(
            "UPDATE attempts SET ended_at = $now, ending = $ending WHERE task_id = $task AND number = $n",
            ("$now", now), ("$ending", ending), ("$task", taskId), ("$n", attempts));
        scope.Exec(
            "UPDATE workers SET busy_ms = busy_ms + $busy WHERE name = $worker",
            ("$busy", Math.Max(0, now - claimedAt)), ("$worker", worker));
        var escalate = countsAsFailure && attempts >= maxAttempts;
        var state = escalate ? "escalated" : "ready";
        var why = escalate
            ? $"{reason} on attempt {attempts} of {maxAttempts}: attempts exhausted"
            : $"{reason} on attempt {attempts} of {maxAttempts}";
        scope.Exec(
            """
            UPDATE tasks SET state = $state, state_reason = $why, worker = NULL, lease_id = NULL,
                   claimed_at = NULL, lease_expires_at = NULL, ready_at = $now, updated_at = $now
            WHERE id = $id
            """,
            ("$state", state), ("$why", why), ("$now", now), ("$id", taskId));
        var type = ending == "expired" ? EventTypes.LeaseExpired : EventTypes.TaskReleased;
        scope.AppendEvent(now, type, taskId, worker, state, $"{taskId}: {why}");
        if (escalate)
        {
            RaiseEscalation(scope, taskId, EscalationKinds.AttemptsExhausted, why, worker, null, null, [], now);
        }
        return state;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<TaskId>> ExpireLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync<IReadOnlyList<TaskId>>(scope => ExpireDue(scope, Ms(now)), cancellationToken);

    /// <inheritdoc/>
    public Task<DateTimeOffset?> NextLeaseExpiryAsync(CancellationToken cancellationToken)
        => ReadAsync(() => Read("SELECT MIN(lease_expires_at) FROM tasks WHERE state = 'leased'",
            r => r.Read() && !r.IsDBNull(0) ? At(r.GetInt64(0)) : (DateTimeOffset?)null), cancellationToken);
}
