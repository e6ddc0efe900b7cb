using System.Diagnostics;
using Baton.Core.Life;
using Baton.Core.Tasks;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    // Every column of TaskLife, written whole: what a transition changes is decided in Core, not here.
    private const string WriteLifeSql = """
        UPDATE tasks SET state = $1, state_reason = $2, attempts = $3, max_attempts = $4, pending_deps = $5,
               worker = $6, lease_id = $7, claimed_at = $8, lease_expires_at = $9, lease_length = $10,
               ready_at = $11, feedback = $12, updated_at = $13
        WHERE id = $14
        """;

    // Whether any task is in one of TaskMachine.UnfinishedStates (bound as a list: ix_tasks_queue serves each).
    private const string AnyUnfinishedSql = "SELECT EXISTS (SELECT 1 FROM tasks WHERE state = ANY($1))";

    private static readonly string[] UnfinishedStates = StoredStates.Of(TaskMachine.UnfinishedStates);

    /// <summary>What applying a decision left for its caller.</summary>
    /// <param name="Report">The report it kept, as stored (with its id).</param>
    /// <param name="PlanCheckDeferred">A look for plan completion the caller asked to make itself (after a claim that
    /// may follow in the same transaction: a task leased then is unfinished, so the look would find one).</param>
    private readonly record struct Applied(ReportRecord? Report, bool PlanCheckDeferred);

    // Applies a decision's changes in order inside the open transaction, on the writer. The store decides nothing here:
    // it writes the rows Core named, and for the follow-ups Core asked for (dependents, plan completion) reads what Core
    // needs and applies what it decides in turn. Writes are queued (sent with the next read or the commit).
    private static Applied Apply(StoreScope scope, IReadOnlyList<LifeChange> changes, bool deferPlanCheck = false,
        string? withoutDependentsOf = null, CancellationToken cancellationToken = default)
    {
        Debug.Assert(scope.InTransaction, "a decision is applied inside the transaction it was read in, under the write lock");
        ReportRecord? report = null;
        var deferred = false;
        var added = 0;
        foreach (var change in changes)
        {
            switch (change)
            {
                case WriteLife write:
                    WriteLifeRow(scope, write);
                    break;
                case AddTask add:
                    if ((added++ & 255) == 0)
                    {
                        // A cancelled import throws inside its transaction, which undoes all of it (PendingWrite).
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                    InsertTask(scope, add);
                    break;
                case EditTask edit:
                    scope.Cache?.TaskEdited(edit.Task);
                    scope.Exec(
                        "UPDATE tasks SET title = COALESCE($1, title), description = COALESCE($2, description), context = COALESCE($3, context) WHERE id = $4",
                        Arg.Text(edit.Title), Arg.Text(edit.Description), Arg.Text(edit.Context), Arg.Text(edit.Task.Value));
                    break;
                case StartAttempt start:
                    scope.Exec(
                        "INSERT INTO attempts(task_id, number, lease_id, worker, claimed_at, last_heard_at, handoff_ms) VALUES ($1, $2, $3, $4, $5, $5, $6)",
                        Arg.Text(start.Task.Value), Arg.Long(start.Number), Arg.Text(start.Lease.Value), Arg.Text(start.Worker.Value), Arg.Long(Ms(start.At)),
                        Arg.Long(start.HandoffMs));
                    break;
                case EndAttempt end:
                    scope.Exec(
                        "UPDATE attempts SET ended_at = COALESCE($1, ended_at), ending = $2, note = COALESCE($3, note) WHERE task_id = $4 AND number = $5",
                        Arg.Long(Ms(end.EndedAt)), Arg.Text(end.Ending), Arg.Text(end.Note), Arg.Text(end.Task.Value), Arg.Long(end.Number));
                    break;
                case HearAttempt heard:
                    scope.Exec("UPDATE attempts SET last_heard_at = $1, note = COALESCE($2, note) WHERE task_id = $3 AND number = $4",
                        Arg.Long(Ms(heard.At)), Arg.Text(heard.Note), Arg.Text(heard.Task.Value), Arg.Long(heard.Number));
                    break;
                case RecordChecks checks:
                    scope.Exec("UPDATE attempts SET checks = $1, checks_passed = $2 WHERE task_id = $3 AND number = $4",
                        Arg.Text(StoreJson.Of(checks.Report)), Arg.Long(checks.Report.Passed ? 1 : 0), Arg.Text(checks.Task.Value), Arg.Long(checks.Number));
                    break;
                case CountWorker count:
                    if (count.SeenAt is { } seen)
                    {
                        scope.Cache?.WorkerSeen(count.Worker.Value, Ms(seen));
                    }
                    scope.Exec(
                        "UPDATE workers SET done = done + $1, failed = failed + $2, busy_ms = busy_ms + $3, last_seen = COALESCE($4, last_seen) WHERE name = $5",
                        Arg.Long(count.Done), Arg.Long(count.Failed), Arg.Long(count.BusyMs), Arg.Long(Ms(count.SeenAt)), Arg.Text(count.Worker.Value));
                    break;
                case RaiseEscalation raise:
                    scope.Exec(
                        """
                        INSERT INTO escalations(task_id, kind, reason, worker, conflicting_task, conflicting_worker, paths, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                        """,
                        Arg.Text(raise.Task.Value), Arg.Text(raise.Kind), Arg.Text(raise.Reason), Arg.Text(raise.Worker?.Value),
                        Arg.Text(raise.ConflictingTask?.Value), Arg.Text(raise.ConflictingWorker?.Value), Arg.Text(StoreJson.Of(raise.Paths)), Arg.Long(Ms(raise.At)));
                    break;
                case CloseEscalations close:
                    scope.Exec("UPDATE escalations SET resolved_at = $1, resolution = $2, note = $3 WHERE task_id = $4 AND resolved_at IS NULL",
                        Arg.Long(Ms(close.At)), Arg.Text(close.Resolution), Arg.Text(close.Note), Arg.Text(close.Task.Value));
                    break;
                case AddReport add:
                    report = InsertReport(scope, add);
                    break;
                case AppendEvent appended:
                    scope.AppendEvent(Ms(appended.At), appended.Type, appended.Task?.Value, appended.Worker?.Value,
                        appended.State is { } state ? StoredStates.Name(state) : null, appended.Message, appended.Data);
                    break;
                case ReleaseDependents release:
                    // Most tasks have none, and the report's read said whether this one has.
                    if (!string.Equals(withoutDependentsOf, release.Task.Value, StringComparison.Ordinal))
                    {
                        ReleaseDependentsOf(scope, release);
                    }
                    break;
                case LookForPlanComplete when deferPlanCheck:
                    deferred = true;
                    break;
                case LookForPlanComplete look:
                    LookForPlanCompleteNow(scope, look.At);
                    break;
                default:
                    throw new UnreachableException($"the store has no applier for {change.GetType().Name}");
            }
        }
        return new Applied(report, deferred);
    }

    // Queued, so its row count is not seen here: every transition's decision was made on the row read under the write
    // lock, which no other writer could change since.
    private static void WriteLifeRow(StoreScope scope, WriteLife write)
    {
        var life = write.After;
        life.AssertWellFormed();
        scope.Exec(WriteLifeSql,
            Arg.Text(StoredStates.Name(life.State)), Arg.Text(life.Reason), Arg.Long(life.Attempts), Arg.Long(life.MaxAttempts),
            Arg.Long(life.PendingDeps), Arg.Text(life.Worker?.Value), Arg.Text(life.LeaseId?.Value), Arg.Long(Ms(life.ClaimedAt)),
            Arg.Long(Ms(life.Deadline)), Arg.Long(life.LeaseLengthMs), Arg.Long(Ms(life.ReadyAt)), Arg.Text(life.Feedback),
            Arg.Long(Ms(life.UpdatedAt)), Arg.Text(write.Task.Value));
        scope.Cache?.LifeWritten(write.Task, life);
    }

    private static void InsertTask(StoreScope scope, AddTask add)
    {
        var (spec, life) = (add.Spec, add.Life);
        scope.Exec(
            """
            INSERT INTO tasks(id, title, description, context, context_files, acceptance, files, labels, priority,
                              max_attempts, attempt_budget, lease_ms, state, pending_deps, ready_at, plan, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
            """,
            Arg.Text(spec.Id.Value), Arg.Text(spec.Title), Arg.Text(spec.Description), Arg.Text(spec.Context),
            Arg.Text(StoreJson.Of(spec.ContextFiles)), Arg.Text(StoreJson.Of(spec.Acceptance)), Arg.Text(StoreJson.Of(spec.Files)),
            Arg.Text(StoreJson.Of(spec.Labels)), Arg.Long(spec.Priority), Arg.Long(life.MaxAttempts), Arg.Long(life.AttemptBudget),
            Arg.Long(spec.Lease is { } lease ? (long)lease.TotalMilliseconds : null), Arg.Text(StoredStates.Name(life.State)),
            Arg.Long(life.PendingDeps), Arg.Long(Ms(life.ReadyAt)), Arg.Text(add.Plan), Arg.Long(Ms(life.UpdatedAt)));
        scope.Cache?.TaskAdded(spec, life.State);
        for (var i = 0; i < spec.DependsOn.Count; i++)
        {
            scope.Exec("INSERT INTO deps(task_id, depends_on, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                Arg.Text(spec.Id.Value), Arg.Text(spec.DependsOn[i].Value), Arg.Long(i));
        }
    }

    private static void ReleaseDependentsOf(StoreScope scope, ReleaseDependents release)
    {
        var dependents = new List<(TaskId, TaskLife)>();
        using (var reader = scope.Query($"SELECT {TaskRows.Columns} FROM deps JOIN tasks ON tasks.id = deps.task_id WHERE deps.depends_on = $1 ORDER BY tasks.seq",
            Arg.Text(release.Task.Value)))
        {
            while (reader.Read())
            {
                dependents.Add((new TaskId(reader.GetString(TaskRows.Id)), TaskRows.ReadLife(reader)));
            }
        }
        if (dependents.Count > 0)
        {
            Apply(scope, TaskMachine.DependencyDone(dependents, release.At));
        }
    }

    // A ready task is an unfinished one: when the batch's cache knows of one, the plan is not complete, and nothing is read.
    private static void LookForPlanCompleteNow(StoreScope scope, DateTimeOffset now)
        => Apply(scope, TaskMachine.PlanComplete(scope.Cache?.AnyReady == true || scope.Scalar(AnyUnfinishedSql, Arg.Texts(UnfinishedStates)) is true, now));

    private static ReportRecord InsertReport(StoreScope scope, AddReport add)
    {
        var request = add.Request;
        var key = add.Late ? null : request.IdempotencyKey;
        NpgsqlParameter[] args =
        [
            Arg.Text(request.TaskId.Value), Arg.Long(add.Attempt), Arg.Text(request.Worker.Value), Arg.Text(request.LeaseId?.Value),
            Arg.Text(request.Outcome.ToWire()), Arg.Text(request.Summary), Arg.Text(StoreJson.Of(request.Files)),
            Arg.Long(request.ContextScore), Arg.Text(request.Notes), Arg.Long(add.Late ? 1 : 0), Arg.Text(add.RefusedReason),
            Arg.Text(key), Arg.Long(Ms(add.At)),
        ];
        long reportId;
        if (scope.Cache?.TryReportId(out var drawn) == true)
        {
            // An id the batch drew from the column's sequence: the insert is queued like any other write.
            reportId = drawn;
            scope.Exec(InsertReportWithIdSql, [.. args, Arg.Long(reportId)]);
        }
        else
        {
            reportId = scope.Insert(InsertReportSql, args);
        }
        var report = new ReportRecord
        {
            Id = reportId,
            TaskId = request.TaskId,
            Attempt = add.Attempt,
            Worker = request.Worker,
            LeaseId = request.LeaseId,
            Outcome = request.Outcome,
            Summary = request.Summary,
            Files = request.Files,
            ContextScore = request.ContextScore,
            Notes = request.Notes,
            Late = add.Late,
            RefusedReason = add.RefusedReason,
            At = add.At,
        };
        scope.Cache?.ReportAdded(report, key);
        return report;
    }

    private const string InsertReportSql = """
        INSERT INTO reports(task_id, attempt, worker, lease_id, outcome, summary, files, context_score, notes, late, refused_reason, idempotency_key, at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id
        """;

    private const string InsertReportWithIdSql = """
        INSERT INTO reports(task_id, attempt, worker, lease_id, outcome, summary, files, context_score, notes, late, refused_reason, idempotency_key, at, id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
        """;
}
