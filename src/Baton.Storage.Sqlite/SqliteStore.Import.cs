using System.Globalization;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc/>
    public Task<Result<ImportResult>> ImportAsync(IReadOnlyList<TaskSpec> tasks, string? planName, IReadOnlyList<string> warnings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(warnings);
        return WriteAsync(scope => Import(scope, tasks, planName, warnings, Ms(now), cancellationToken), cancellationToken);
    }

    // A cancelled import throws from inside its transaction, which undoes all of it (PendingWrite): a client that
    // has gone does not keep the writer busy with rows nobody will see acknowledged.
    private static Result<ImportResult> Import(StoreScope scope, IReadOnlyList<TaskSpec> tasks, string? planName, IReadOnlyList<string> warnings, long now,
        CancellationToken cancellationToken)
    {
        if (tasks.Count == 0)
        {
            return Result<ImportResult>.Fail(ErrorCode.InvalidPlan, "plan rejected: it has no tasks", ["$.tasks: must hold at least one task"]);
        }
        var problems = new List<string>();
        var newIds = new HashSet<string>(StringComparer.Ordinal);
        var depStates = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            ThrowIfCancelled(i, cancellationToken);
            var id = tasks[i].Id.Value;
            if (!newIds.Add(id))
            {
                problems.Add($"$.tasks[{i}].id: duplicate id '{id}' in this plan");
            }
            else if (scope.Scalar("SELECT 1 FROM tasks WHERE id = $id", ("$id", id)) is not null)
            {
                problems.Add($"$.tasks[{i}].id: duplicate id '{id}' (a task with that id is already in the store)");
            }
        }
        for (var i = 0; i < tasks.Count; i++)
        {
            for (var j = 0; j < tasks[i].DependsOn.Count; j++)
            {
                var dep = tasks[i].DependsOn[j].Value;
                if (newIds.Contains(dep) || depStates.ContainsKey(dep))
                {
                    continue;
                }
                if (scope.Scalar("SELECT state FROM tasks WHERE id = $id", ("$id", dep)) is string state)
                {
                    depStates[dep] = state;
                }
                else
                {
                    problems.Add($"$.tasks[{i}].depends_on[{j}]: unknown task '{dep}' (not in this plan nor in the store)");
                }
            }
        }
        if (problems.Count > 0)
        {
            scope.Rollback();
            return Result<ImportResult>.Fail(ErrorCode.InvalidPlan, $"plan rejected: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}", problems);
        }

        var plan = string.IsNullOrWhiteSpace(planName)
            ? "plan-" + now.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]
            : planName;
        var ids = new List<TaskId>(tasks.Count);
        foreach (var spec in tasks)
        {
            ThrowIfCancelled(ids.Count, cancellationToken);
            InsertTask(scope, spec, plan, depStates, now);
            ids.Add(spec.Id);
        }
        scope.AppendEvent(now, EventTypes.PlanImported, null, null, null, $"plan {plan} imported: {tasks.Count} task(s)");
        return new ImportResult { Plan = plan, Imported = ids, Warnings = warnings };
    }

    private static void ThrowIfCancelled(int row, CancellationToken cancellationToken)
    {
        if ((row & 255) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static void InsertTask(StoreScope scope, TaskSpec spec, string plan, Dictionary<string, string> existingDepStates, long now)
    {
        var pending = 0;
        foreach (var dep in spec.DependsOn)
        {
            if (!existingDepStates.TryGetValue(dep.Value, out var state) || state != "done")
            {
                pending++;
            }
        }
        var taskState = pending == 0 ? "ready" : "pending";
        scope.Exec(
            """
            INSERT INTO tasks(id, title, description, context, context_files, acceptance, files, labels, priority,
                              max_attempts, attempt_budget, lease_ms, state, pending_deps, ready_at, plan, created_at, updated_at)
            VALUES ($id, $title, $description, $context, $context_files, $acceptance, $files, $labels, $priority,
                    $max_attempts, $max_attempts, $lease_ms, $state, $pending, $ready_at, $plan, $now, $now)
            """,
            ("$id", spec.Id.Value), ("$title", spec.Title), ("$description", spec.Description), ("$context", spec.Context),
            ("$context_files", ToJson(spec.ContextFiles)), ("$acceptance", ToJson(spec.Acceptance)), ("$files", ToJson(spec.Files)),
            ("$labels", ToJson(spec.Labels)), ("$priority", spec.Priority), ("$max_attempts", spec.MaxAttempts),
            ("$lease_ms", spec.Lease is { } lease ? (long)lease.TotalMilliseconds : null), ("$state", taskState),
            ("$pending", pending), ("$ready_at", pending == 0 ? now : null), ("$plan", plan), ("$now", now));
        foreach (var dep in spec.DependsOn)
        {
            scope.Exec("INSERT OR IGNORE INTO deps(task_id, depends_on) VALUES ($task, $dep)", ("$task", spec.Id.Value), ("$dep", dep.Value));
        }
        scope.AppendEvent(now, EventTypes.TaskAdded, spec.Id.Value, null, taskState, $"task {spec.Id.Value} added: {spec.Title}");
    }
}
