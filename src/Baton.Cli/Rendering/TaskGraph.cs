using Baton.Core.Tasks;

namespace Baton.Cli.Rendering;

/// <summary>The dependency DAG of the stored tasks: roots (no dependency in the store) and each task's
/// dependents, in plan order. A dependency that is not in the store (removed) is ignored.</summary>
internal sealed class TaskGraph
{
    private TaskGraph(IReadOnlyList<TaskItem> tasks, IReadOnlyList<TaskItem> roots, Dictionary<TaskId, List<TaskItem>> dependents, Dictionary<TaskId, List<TaskId>> dependsOn)
    {
        Tasks = tasks;
        Roots = roots;
        _dependents = dependents;
        _dependsOn = dependsOn;
    }

    private readonly Dictionary<TaskId, List<TaskItem>> _dependents;
    private readonly Dictionary<TaskId, List<TaskId>> _dependsOn;

    public IReadOnlyList<TaskItem> Tasks { get; }

    public IReadOnlyList<TaskItem> Roots { get; }

    public IReadOnlyList<TaskItem> DependentsOf(TaskId id) => _dependents.TryGetValue(id, out var list) ? list : [];

    /// <summary>Dependencies that are in the store.</summary>
    public IReadOnlyList<TaskId> DependenciesOf(TaskId id) => _dependsOn.TryGetValue(id, out var list) ? list : [];

    public static TaskGraph Build(IReadOnlyList<TaskItem> tasks)
    {
        var ordered = tasks.OrderBy(t => t.Seq).ToList();
        var known = ordered.Select(t => t.Id).ToHashSet();
        var dependents = new Dictionary<TaskId, List<TaskItem>>();
        var dependsOn = new Dictionary<TaskId, List<TaskId>>();
        foreach (var task in ordered)
        {
            var deps = task.DependsOn.Where(known.Contains).Distinct().ToList();
            dependsOn[task.Id] = deps;
            foreach (var dep in deps)
            {
                if (!dependents.TryGetValue(dep, out var list))
                {
                    dependents[dep] = list = [];
                }
                list.Add(task);
            }
        }
        var roots = ordered.Where(t => dependsOn[t.Id].Count == 0).ToList();
        return new TaskGraph(ordered, roots, dependents, dependsOn);
    }
}
