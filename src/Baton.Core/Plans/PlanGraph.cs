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
    /// For each pair of tasks, whether one depends on the other, directly or transitively. Only for acyclic graphs.
    /// Pairs are grouped by their later task in a topological order, and one walk from it through its dependencies
    /// answers its group; the walk skips tasks placed before the earliest task it looks for, and stops once it found
    /// them all. So a pair of neighbours in a chain costs a step, where sets of every task's ancestors cost a bit per
    /// pair of tasks (1.25 GB at 100,000 tasks).
    /// </summary>
    /// <param name="pairs">Pairs of task indexes.</param>
    /// <param name="maxSteps">How many dependencies the walks may follow in all.</param>
    /// <param name="cancellationToken">Stops the walks.</param>
    /// <returns>Per pair, true when it is ordered; null for the pairs left when the walks had followed
    /// <paramref name="maxSteps"/> dependencies.</returns>
    public bool?[] Ordered(IReadOnlyList<(int A, int B)> pairs, long maxSteps, CancellationToken cancellationToken)
    {
        var ordered = new bool?[pairs.Count];
        if (pairs.Count == 0)
        {
            return ordered;
        }
        var position = TopologicalPositions();
        // Each pair as (later, earlier), sorted by the later task so that one walk serves all its pairs.
        var queries = new (int Later, int Earlier, int Pair)[pairs.Count];
        for (var q = 0; q < pairs.Count; q++)
        {
            var (a, b) = pairs[q];
            queries[q] = position[a] > position[b] ? (a, b, q) : (b, a, q);
        }
        Array.Sort(queries, (x, y) => x.Later.CompareTo(y.Later));
        var seen = new int[_dependsOn.Count]; // the walk that last visited each task, numbered from 1
        var wanted = new int[_dependsOn.Count]; // the walk that looks for each task
        var stack = new Stack<int>();
        var steps = 0L;
        for (int first = 0, walk = 1; first < queries.Length; walk++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var later = queries[first].Later;
            var end = first;
            var earliest = int.MaxValue;
            var missing = 0;
            for (; end < queries.Length && queries[end].Later == later; end++)
            {
                var earlier = queries[end].Earlier;
                earliest = Math.Min(earliest, position[earlier]);
                if (wanted[earlier] != walk)
                {
                    wanted[earlier] = walk;
                    missing++;
                }
            }
            seen[later] = walk;
            stack.Push(later);
            while (missing > 0 && stack.TryPop(out var task))
            {
                steps += _dependsOn[task].Count;
                if (steps > maxSteps)
                {
                    return ordered;
                }
                foreach (var dependency in _dependsOn[task])
                {
                    if (seen[dependency] != walk && position[dependency] >= earliest)
                    {
                        seen[dependency] = walk;
                        stack.Push(dependency);
                        if (wanted[dependency] == walk)
                        {
                            missing--;
                        }
                    }
                }
            }
            stack.Clear();
            for (; first < end; first++)
            {
                ordered[queries[first].Pair] = seen[queries[first].Earlier] == walk;
            }
        }
        return ordered;
    }

    // Kahn's order: every task after the tasks it depends on.
    private int[] TopologicalPositions()
    {
        var count = _dependsOn.Count;
        var waiting = new int[count];
        var dependents = new List<int>?[count];
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
        var position = new int[count];
        var next = 0;
        while (ready.TryDequeue(out var task))
        {
            position[task] = next++;
            foreach (var dependent in dependents[task] ?? [])
            {
                if (--waiting[dependent] == 0)
                {
                    ready.Enqueue(dependent);
                }
            }
        }
        return position;
    }
}
