using Baton.Core.Tasks;

namespace Baton.Core.Status;

/// <summary>
/// Decides whether a set of tasks is finished, stuck or still open. A pending task whose dependency failed,
/// was cancelled or is escalated (directly or further up the chain) can never become ready by itself, so
/// it counts as stuck at once instead of keeping a waiter waiting until its timeout.
/// </summary>
public static class CompletionCheck
{
    /// <summary>Judges <paramref name="targets"/> (every task when null) against the whole task list.</summary>
    public static CompletionVerdict Evaluate(IReadOnlyList<TaskItem> tasks, IReadOnlyList<TaskId>? targets)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var byId = new Dictionary<TaskId, TaskItem>();
        foreach (var task in tasks)
        {
            byId[task.Id] = task;
        }
        var blockers = new Dictionary<TaskId, string?>();
        List<TaskId> done = [], failed = [], cancelled = [], missing = [];
        List<StuckTask> stuck = [];
        List<OpenTask> open = [];
        foreach (var id in targets?.Distinct() ?? tasks.Select(t => t.Id))
        {
            if (!byId.TryGetValue(id, out var task))
            {
                missing.Add(id);
                continue;
            }
            switch (task.State)
            {
                case TaskState.Done:
                    done.Add(id);
                    break;
                case TaskState.Failed:
                    failed.Add(id);
                    break;
                case TaskState.Cancelled:
                    cancelled.Add(id);
                    break;
                case TaskState.Escalated:
                    stuck.Add(new StuckTask { TaskId = id, State = task.State, Reason = "escalated: " + (task.StateReason ?? "needs the engineer") });
                    break;
                case TaskState.Pending when Blocker(task, byId, blockers) is { } blocker:
                    stuck.Add(new StuckTask { TaskId = id, State = task.State, Reason = "depends on " + blocker });
                    break;
                default:
                    open.Add(new OpenTask { TaskId = id, State = task.State, Worker = task.CurrentLease?.Worker });
                    break;
            }
        }
        return new CompletionVerdict { Done = done, Failed = failed, Cancelled = cancelled, Stuck = stuck, Open = open, Missing = missing };
    }

    // The dependency that dooms a pending task, described, or null when every dependency may still finish.
    // Memoized; a dependency cycle (refused at import) cannot recurse forever because a task is marked
    // "not blocked" before its dependencies are visited.
    private static string? Blocker(TaskItem task, Dictionary<TaskId, TaskItem> byId, Dictionary<TaskId, string?> memo)
    {
        if (memo.TryGetValue(task.Id, out var known))
        {
            return known;
        }
        memo[task.Id] = null;
        string? found = null;
        foreach (var depId in task.DependsOn)
        {
            if (!byId.TryGetValue(depId, out var dep))
            {
                continue;
            }
            found = dep.State switch
            {
                TaskState.Failed or TaskState.Cancelled or TaskState.Escalated => $"{dep.Id.Value} ({dep.State.ToWire()})",
                TaskState.Pending when Blocker(dep, byId, memo) is { } further => $"{dep.Id.Value}, which depends on {further}",
                _ => null,
            };
            if (found is not null)
            {
                break;
            }
        }
        memo[task.Id] = found;
        return found;
    }
}
