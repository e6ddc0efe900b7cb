using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Tasks;

namespace Baton.Core.Life;

internal static partial class TaskMachine
{
    /// <summary>
    /// Adds a plan's tasks atomically: each starts ready, or pending while any dependency (in the plan, or stored and
    /// not done) is unfinished. Refuses an empty plan, ids used twice or already stored, and dependencies that
    /// exist nowhere, naming each problem by its path; then nothing is added. <paramref name="storedState"/> gives the
    /// state of a stored task, or null when there is none (asked once per id and per dependency outside the plan).
    /// </summary>
    public static LifeDecision Import(IReadOnlyList<TaskSpec> tasks, string plan, Func<TaskId, TaskState?> storedState, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(storedState);
        if (tasks.Count == 0)
        {
            return LifeDecision.Refuse(BatonError.Of(ErrorCode.InvalidPlan, "plan rejected: it has no tasks", ["$.tasks: must hold at least one task"]));
        }
        var problems = new List<string>();
        var newIds = new HashSet<TaskId>();
        for (var i = 0; i < tasks.Count; i++)
        {
            ThrowIfCancelled(i, cancellationToken);
            var id = tasks[i].Id;
            if (!newIds.Add(id))
            {
                problems.Add($"$.tasks[{i}].id: duplicate id '{id.Value}' in this plan");
            }
            else if (storedState(id) is not null)
            {
                problems.Add($"$.tasks[{i}].id: duplicate id '{id.Value}' (a task with that id is already in the store)");
            }
        }
        var depStates = new Dictionary<TaskId, TaskState>();
        for (var i = 0; i < tasks.Count; i++)
        {
            for (var j = 0; j < tasks[i].DependsOn.Count; j++)
            {
                var dep = tasks[i].DependsOn[j];
                if (newIds.Contains(dep) || depStates.ContainsKey(dep))
                {
                    continue;
                }
                if (storedState(dep) is { } state)
                {
                    depStates[dep] = state;
                }
                else
                {
                    problems.Add($"$.tasks[{i}].depends_on[{j}]: unknown task '{dep.Value}' (not in this plan nor in the store)");
                }
            }
        }
        if (problems.Count > 0)
        {
            return LifeDecision.Refuse(BatonError.Of(ErrorCode.InvalidPlan,
                $"plan rejected: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}", problems));
        }

        var changes = new List<LifeChange>(tasks.Count * 2 + 1);
        TaskLife? last = null;
        var row = 0;
        foreach (var spec in tasks)
        {
            ThrowIfCancelled(row++, cancellationToken);
            var pending = spec.DependsOn.Count(dep => !depStates.TryGetValue(dep, out var state) || state != TaskState.Done);
            var life = new TaskLife
            {
                State = pending == 0 ? TaskState.Ready : TaskState.Pending,
                MaxAttempts = spec.MaxAttempts,
                AttemptBudget = spec.MaxAttempts,
                PendingDeps = pending,
                ReadyAt = pending == 0 ? now : null,
                UpdatedAt = now,
            };
            life.AssertWellFormed();
            changes.Add(new AddTask(spec, plan, life));
            changes.Add(Event(now, EventTypes.TaskAdded, spec.Id, null, life.State, $"task {spec.Id.Value} added: {spec.Title}"));
            last = life;
        }
        changes.Add(Event(now, EventTypes.PlanImported, null, null, null, $"plan {plan} imported: {tasks.Count} task(s)"));
        return LifeDecision.Accept(last!, changes);
    }

    // A long import checks for cancellation every 256 tasks (a client that has gone should not keep the writer busy).
    private static void ThrowIfCancelled(int row, CancellationToken cancellationToken)
    {
        if ((row & 255) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// One of the dependencies of each task in <paramref name="dependents"/> is done: each counts one fewer pending,
    /// and a pending task with none left becomes ready.
    /// </summary>
    public static IReadOnlyList<LifeChange> DependencyDone(IReadOnlyList<(TaskId Task, TaskLife Life)> dependents, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(dependents);
        var changes = new List<LifeChange>(dependents.Count * 2);
        foreach (var (task, life) in dependents)
        {
            var after = life with { PendingDeps = life.PendingDeps - 1 };
            if (life.State == TaskState.Pending && after.PendingDeps <= 0)
            {
                after = after with { State = TaskState.Ready, Reason = null, ReadyAt = now, UpdatedAt = now };
                changes.Add(new WriteLife(task, life, after));
                changes.Add(Event(now, EventTypes.TaskReady, task, null, TaskState.Ready, $"{task.Value} is ready: its dependencies are done"));
            }
            else
            {
                changes.Add(new WriteLife(task, life, after));
            }
        }
        return changes;
    }

    /// <summary>After a task was finished: the plan is complete when no task is in one of <see cref="UnfinishedStates"/>.</summary>
    public static IReadOnlyList<LifeChange> PlanComplete(bool anyUnfinished, DateTimeOffset now)
        => anyUnfinished ? [] : [Event(now, EventTypes.PlanComplete, null, null, null, "every task is finished")];
}
