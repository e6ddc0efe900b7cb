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
    /// cycle back to it (<c>[a, b, a]</c>), paired with the task whose dependency closes it. The search keeps its
    /// own stack, so a chain of a hundred thousand tasks is no deeper for it than a chain of two.
    /// </summary>
    public List<(int ClosingTask, IReadOnlyList<int> Cycle)> FindCycles()
    {
        var cycles = new List<(int, IReadOnlyList<int>)>();
        var state = new byte[_dependsOn.Count]; // 0 unseen, 1 on the current path, 2 finished
        var next = new int[_dependsOn.Count]; // per task on the path: its next dependency to look at
        var path = new List<int>();
        for (var start = 0; start < _dependsOn.Count; start++)
        {
            if (state[start] != 0)
            {
                continue;
            }
            state[start] = 1;
            path.Add(start);
            while (path.Count > 0)
            {
                var task = path[^1];
                if (next[task] == _dependsOn[task].Count)
                {
                    path.RemoveAt(path.Count - 1);
                    state[task] = 2;
                    continue;
                }
                var dependency = _dependsOn[task][next[task]++];
                if (state[dependency] == 1)
                {
                    var from = path.LastIndexOf(dependency);
                    var cycle = path.GetRange(from, path.Count - from);
                    cycle.Add(dependency);
                    cycles.Add((task, cycle));
                }
                else if (state[dependency] == 0)
                {
                    state[dependency] = 1;
                    path.Add(dependency);
                }
            }
        }
        return cycles;
    }

    /// <summary>
    /// For each task, which of the <paramref name="tracked"/> tasks it depends on directly or transitively:
    /// bit <c>k</c> stands for <c>tracked[k]</c>. Only for acyclic graphs. The sets are as wide as the tracked
    /// list, not the plan, so a plan of many tasks with few tracked ones costs little memory.
    /// </summary>
    public BitArray[] Ancestors(IReadOnlyList<int> tracked)
    {
        var count = _dependsOn.Count;
        var position = new int[count];
        Array.Fill(position, -1);
        for (var k = 0; k < tracked.Count; k++)
        {
            position[tracked[k]] = k;
        }
        // Kahn's order: a task's set is built once every task it depends on has its own.
        var waiting = new int[count];
        var dependents = new List<int>[count];
        var ready = new Queue<int>();
        for (var task = 0; task < count; task++)
        {
            waiting[task] = _dependsOn[task].Count;
            foreach (var dependency in _dependsOn[task])
            {
                (dependents[dependency] ??= []).Add(task);
            }
            if (waiting[task] == 0)
            {
                ready.Enqueue(task);
            }
        }
        var ancestors = new BitArray[count];
        while (ready.TryDequeue(out var task))
        {
            var set = new BitArray(tracked.Count);
            foreach (var dependency in _dependsOn[task])
            {
                set.Or(ancestors[dependency]);
                if (position[dependency] >= 0)
                {
                    set.Set(position[dependency], true);
                }
            }
            ancestors[task] = set;
            foreach (var dependent in dependents[task] ?? [])
            {
                if (--waiting[dependent] == 0)
                {
                    ready.Enqueue(dependent);
                }
            }
        }
        return ancestors;
    }
}
