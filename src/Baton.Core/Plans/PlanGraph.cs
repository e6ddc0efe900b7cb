using System.Collections;

namespace Baton.Core.Plans;

/// <summary>The dependency edges between the tasks of one plan, by task index.</summary>
internal sealed class PlanGraph
{
    private readonly IReadOnlyList<IReadOnlyList<int>> _dependsOn;

    /// <param name="dependsOn">For each task, the indexes of the tasks in the same plan it depends on.</param>
    public PlanGraph(IReadOnlyList<IReadOnlyList<int>> dependsOn) => _dependsOn = dependsOn;

    /// <summary>
    /// Every cycle a depth-first search meets, once per closing edge, as task indexes from the first task of the
    /// cycle back to it (<c>[a, b, a]</c>), paired with the task whose dependency closes it.
    /// </summary>
    public List<(int ClosingTask, IReadOnlyList<int> Cycle)> FindCycles()
    {
        var cycles = new List<(int, IReadOnlyList<int>)>();
        var state = new byte[_dependsOn.Count]; // 0 unseen, 1 on the current path, 2 finished
        var path = new List<int>();
        for (var start = 0; start < _dependsOn.Count; start++)
        {
            if (state[start] == 0)
            {
                Visit(start, state, path, cycles);
            }
        }
        return cycles;
    }

    /// <summary>For each task, the set of tasks it depends on directly or transitively. Only for acyclic graphs.</summary>
    public BitArray[] Ancestors()
    {
        var ancestors = new BitArray?[_dependsOn.Count];
        for (var task = 0; task < _dependsOn.Count; task++)
        {
            Collect(task, ancestors);
        }
        return ancestors.Select(a => a!).ToArray(); // Collect fills every slot
    }

    private void Visit(int task, byte[] state, List<int> path, List<(int, IReadOnlyList<int>)> cycles)
    {
        state[task] = 1;
        path.Add(task);
        foreach (var dependency in _dependsOn[task])
        {
            if (state[dependency] == 1)
            {
                var cycle = path.GetRange(path.LastIndexOf(dependency), path.Count - path.LastIndexOf(dependency));
                cycle.Add(dependency);
                cycles.Add((task, cycle));
            }
            else if (state[dependency] == 0)
            {
                Visit(dependency, state, path, cycles);
            }
        }
        path.RemoveAt(path.Count - 1);
        state[task] = 2;
    }

    private BitArray Collect(int task, BitArray?[] ancestors)
    {
        if (ancestors[task] is { } done)
        {
            return done;
        }
        var set = new BitArray(_dependsOn.Count);
        foreach (var dependency in _dependsOn[task])
        {
            set.Set(dependency, true);
            set.Or(Collect(dependency, ancestors));
        }
        ancestors[task] = set;
        return set;
    }
}
