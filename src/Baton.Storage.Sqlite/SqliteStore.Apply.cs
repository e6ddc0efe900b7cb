using System.Diagnostics;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // Every column of TaskLife, written whole: what a transition changes is decided in Core, not here.
    private const string WriteLifeSql = """
        UPDATE tasks SET state = $state, state_reason = $reason, attempts = $attempts, max_attempts = $max, pending_deps = $pending,
               worker = $worker, lease_id = $lease, claimed_at = $claimed, lease_expires_at = $deadline, lease_length = $length,
               ready_at = $ready, feedback = $feedback, updated_at = $updated
        WHERE id = $id
        """;

    // Whether any task is in one of TaskMachine.UnfinishedStates: one seek in the state index per state, each bound
    // (state IN (…) made SQLite build a temporary table of the list on every run: 11 against 5.6 µs).
    private static readonly string AnyUnfinishedSql = string.Join(" OR ",
        TaskMachine.UnfinishedStates.Select((_, i) => $"EXISTS (SELECT 1 FROM tasks WHERE state = $s{i})")).Insert(0, "SELECT ");

    private static readonly (string Name, object? Value)[] UnfinishedArgs =
        [.. TaskMachine.UnfinishedStates.Select((s, i) => ($"$s{i}", (object?)StoredStates.Name(s)))];

    /// <summary>What applying a decision left for its caller.</summary>
    /// <param name="Report">The report it kept, as stored (with its id).</param>
    /// <param name="PlanCheckDeferred">A look for plan completion the caller asked to make itself (after a claim that
    /// may follow in the same transaction: a task leased then is unfinished, so the look would find one).</param>
    private readonly record struct Applied(ReportRecord? Report, bool PlanCheckDeferred);

    // Applies a decision's changes in order inside the open transaction, under the writer's role. The store decides
    // nothing here: it writes the rows Core named, and for the follow-ups Core asked for (dependents, plan completion)
    // reads what Core needs and applies what it decides in turn.
    private static Applied Apply(StoreScope scope, IReadOnlyList<LifeChange> changes, bool deferPlanCheck = false,
        CancellationToken cancellationToken = default)
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
                    scope.Exec(
                        "UPDATE tasks SET title = COALESCE($title, title), description = COALESCE($description, description), context = COALESCE($context, context) WHERE id = $id",
                        ("$title", edit.Title), ("$description", edit.Description), ("$context", edit.Context), ("$id", edit.Task.Value));
                    break;
                case StartAttempt start:
                    scope.Exec(
                        "INSERT INTO attempts(task_id, number, lease_id, worker, claimed_at, last_heard_at, handoff_ms) VALUES ($task, $n, $lease, $worker, $now, $now, $handoff)",
                        ("$task", start.Task.Value), ("$n", start.Number), ("$lease", start.Lease.Value), ("$worker", start.Worker.Value), ("$now", Ms(start.At)),
                        ("$handoff", start.HandoffMs));
                    break;
                case EndAttempt end:
                    scope.Exec(
                        "UPDATE attempts SET ended_at = COALESCE($ended, ended_at), ending = $ending, note = COALESCE($note, note) WHERE task_id = $task AND number = $n",
                        ("$ended", end.EndedAt is { } at ? Ms(at) : null), ("$ending", end.Ending), ("$note", end.Note), ("$task", end.Task.Value), ("$n", end.Number));
                    break;
                case HearAttempt heard:
                    scope.Exec("UPDATE attempts SET last_heard_at = $at, note = COALESCE($note, note) WHERE task_id = $task AND number = $n",
                        ("$at", Ms(heard.At)), ("$note", heard.Note), ("$task", heard.Task.Value), ("$n", heard.Number));
                    break;
                case RecordChecks checks:
                    scope.Exec("UPDATE attempts SET checks = $checks, checks_passed = $passed WHERE task_id = $task AND number = $n",
                        ("$checks", StoreJson.Of(checks.Report)), ("$passed", checks.Report.Passed ? 1 : 0),
                        ("$task", checks.Task.Value), ("$n", checks.Number));
                    break;
                case CountWorker count:
                    scope.Exec(
                        "UPDATE workers SET done = done + $done, failed = failed + $failed, busy_ms = busy_ms + $busy, last_seen = COALESCE($seen, last_seen) WHERE name = $worker",
                        ("$done", count.Done), ("$failed", count.Failed), ("$busy", count.BusyMs), ("$seen", count.SeenAt is { } seen ? Ms(seen) : null),
                        ("$worker", count.Worker.Value));
                    break;
                case RaiseEscalation raise:
                    scope.Exec(
                        """
                        INSERT INTO escalations(task_id, kind, reason, worker, conflicting_task, conflicting_worker, paths, created_at)
                        VALUES ($task, $kind, $reason, $worker, $other, $otherWorker, $paths, $now)
                        """,
                        ("$task", raise.Task.Value), ("$kind", raise.Kind), ("$reason", raise.Reason), ("$worker", raise.Worker?.Value),
                        ("$other", raise.ConflictingTask?.Value), ("$otherWorker", raise.ConflictingWorker?.Value), ("$paths", StoreJson.Of(raise.Paths)), ("$now", Ms(raise.At)));
                    break;
                case CloseEscalations close:
                    scope.Exec("UPDATE escalations SET resolved_at = $now, resolution = $action, note = $note WHERE task_id = $id AND resolved_at IS NULL",
                        ("$now", Ms(close.At)), ("$action", close.Resolution), ("$note", close.Note), ("$id", close.Task.Value));
                    break;
                case AddReport add:
                    report = InsertReport(scope, add);
                    break;
                case AppendEvent appended:
                    scope.AppendEvent(Ms(appended.At), appended.Type, appended.Task?.Value, appended.Worker?.Value,
                        appended.State is { } state ? StoredStates.Name(state) : null, appended.Message, appended.Data);
                    break;
                case ReleaseDependents release:
                    ReleaseDependentsOf(scope, release);
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

    private static void WriteLifeRow(StoreScope scope, WriteLife write)
    {
        var life = write.After;
        life.AssertWellFormed();
        var rows = scope.Exec(WriteLifeSql,
            ("$state", StoredStates.Name(life.State)), ("$reason", life.Reason), ("$attempts", life.Attempts), ("$max", life.MaxAttempts),
            ("$pending", life.PendingDeps), ("$worker", life.Worker?.Value), ("$lease", life.LeaseId?.Value), ("$claimed", Ms(life.ClaimedAt)),
            ("$deadline", Ms(life.Deadline)), ("$length", life.LeaseLengthMs), ("$ready", Ms(life.ReadyAt)), ("$feedback", life.Feedback),
            ("$updated", Ms(life.UpdatedAt)), ("$id", write.Task.Value));
        // The writer holds SQLite's write lock (BEGIN IMMEDIATE) from the read the decision was made on: the row
        // cannot have changed or gone underneath.
        Debug.Assert(rows == 1, $"the life of {write.Task.Value} is written to its one row");
    }

    private static long? Ms(DateTimeOffset? instant) => instant is { } at ? Ms(at) : null;

    private static void InsertTask(StoreScope scope, AddTask add)
    {
        var (spec, life) = (add.Spec, add.Life);
        scope.Exec(
            """
            INSERT INTO tasks(id, title, description, context, context_files, acceptance, files, labels, priority,
                              max_attempts, attempt_budget, lease_ms, state, pending_deps, ready_at, plan, created_at, updated_at)
            VALUES ($id, $title, $description, $context, $context_files, $acceptance, $files, $labels, $priority,
                    $max_attempts, $budget, $lease_ms, $state, $pending, $ready_at, $plan, $now, $now)
            """,
            ("$id", spec.Id.Value), ("$title", spec.Title), ("$description", spec.Description), ("$context", spec.Context),
            ("$context_files", StoreJson.Of(spec.ContextFiles)), ("$acceptance", StoreJson.Of(spec.Acceptance)), ("$files", StoreJson.Of(spec.Files)),
            ("$labels", StoreJson.Of(spec.Labels)), ("$priority", spec.Priority), ("$max_attempts", life.MaxAttempts), ("$budget", life.AttemptBudget),
            ("$lease_ms", spec.Lease is { } lease ? (long)lease.TotalMilliseconds : null), ("$state", StoredStates.Name(life.State)),
            ("$pending", life.PendingDeps), ("$ready_at", Ms(life.ReadyAt)), ("$plan", add.Plan), ("$now", Ms(life.UpdatedAt)));
        foreach (var dep in spec.DependsOn)
        {
            scope.Exec("INSERT OR IGNORE INTO deps(task_id, depends_on) VALUES ($task, $dep)", ("$task", spec.Id.Value), ("$dep", dep.Value));
        }
    }

    private static void ReleaseDependentsOf(StoreScope scope, ReleaseDependents release)
    {
        var id = release.Task.Value;
        // Most tasks have no dependents: one look in the reverse index spares them the read of the dependents.
        if (scope.Scalar("SELECT 1 FROM deps WHERE depends_on = $id LIMIT 1", ("$id", id)) is null)
        {
            return;
        }
        var dependents = new List<(TaskId, TaskLife)>();
        using (var reader = scope.Query($"SELECT {TaskRows.Columns} FROM deps JOIN tasks ON tasks.id = deps.task_id WHERE deps.depends_on = $id ORDER BY tasks.seq",
            ("$id", id)))
        {
            while (reader.Read())
            {
                dependents.Add((new TaskId(reader.GetString(TaskRows.Id)), TaskRows.ReadLife(reader)));
            }
        }
        Apply(scope, TaskMachine.DependencyDone(dependents, release.At));
    }

    private static void LookForPlanCompleteNow(StoreScope scope, DateTimeOffset now)
        => Apply(scope, TaskMachine.PlanComplete(scope.Scalar(AnyUnfinishedSql, UnfinishedArgs) is not 0L, now));

    private static ReportRecord InsertReport(StoreScope scope, AddReport add)
    {
        var request = add.Request;
        var reportId = scope.Insert(
            """
            INSERT INTO reports(task_id, attempt, worker, lease_id, outcome, summary, files, context_score, notes, late, refused_reason, idempotency_key, at)
            VALUES ($task, $attempt, $worker, $lease, $outcome, $summary, $files, $score, $notes, $late, $refused, $key, $now)
            """,
            ("$task", request.TaskId.Value), ("$attempt", add.Attempt), ("$worker", request.Worker.Value), ("$lease", request.LeaseId?.Value),
            ("$outcome", request.Outcome.ToWire()), ("$summary", request.Summary), ("$files", StoreJson.Of(request.Files)),
            ("$score", request.ContextScore), ("$notes", request.Notes), ("$late", add.Late ? 1 : 0), ("$refused", add.RefusedReason),
            ("$key", add.Late ? null : request.IdempotencyKey), ("$now", Ms(add.At)));
        return new ReportRecord
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
    }
}
