using System.Globalization;
using System.Text;
using Baton.Core.Globs;

namespace Baton.Benchmarks;

/// <summary>A plan for the speedup scenario, with what an ideal scheduler could do with it.</summary>
internal sealed record SpeedupPlan(string Name, IReadOnlyList<SpeedupPlan.Step> Tasks)
{
    /// <summary>One scripted task: its dependencies and reserved files.</summary>
    internal sealed record Step(string Id, IReadOnlyList<string> DependsOn, IReadOnlyList<string> Files);

    /// <summary>24 tasks, no dependencies, no files.</summary>
    public static SpeedupPlan Independent(int count) => new(
        $"{count} independent tasks",
        Enumerable.Range(1, count).Select(i => new Step("t" + i.ToString("D2", CultureInfo.InvariantCulture), [], [])).ToList());

    /// <summary>Four tasks whose globs pairwise overlap (so they must run one at a time), three chains of
    /// four, and four free tasks: 20 tasks whose parallelism is limited by the chains and the overlap.</summary>
    public static SpeedupPlan Structured()
    {
        var tasks = new List<Step>
        {
            new("shared-1", [], ["src/shared/**"]),
            new("shared-2", [], ["src/shared/a.cs"]),
            new("shared-3", [], ["src/shared/*.cs"]),
            new("shared-4", [], ["src/*/a.cs"]),
        };
        foreach (var chain in new[] { "a", "b", "c" })
        {
            for (var i = 1; i <= 4; i++)
            {
                tasks.Add(new($"{chain}{i}", i == 1 ? [] : [$"{chain}{i - 1}"], [$"src/{chain}/part{i}.cs"]));
            }
        }
        for (var i = 1; i <= 4; i++)
        {
            tasks.Add(new($"free-{i}", [], [$"docs/free-{i}.md"]));
        }
        return new("3 chains of 4 + 4 overlapping + 4 free", tasks);
    }

    public string ToJson()
    {
        var json = new StringBuilder("{\"tasks\": [");
        for (var i = 0; i < Tasks.Count; i++)
        {
            var t = Tasks[i];
            json.Append(i > 0 ? "," : "")
                .Append($"{{\"id\": \"{t.Id}\", \"title\": \"step {t.Id}\", \"description\": \"a scripted step\"")
                .Append($", \"depends_on\": [{string.Join(", ", t.DependsOn.Select(d => $"\"{d}\""))}]")
                .Append($", \"files\": [{string.Join(", ", t.Files.Select(f => $"\"{f}\""))}]}}");
        }
        return json.Append("]}").ToString();
    }

    public static bool Overlap(Step a, Step b) => a.Files.Any(x => b.Files.Any(y => GlobOverlap.CanOverlap(x, y)));

    /// <summary>The longest dependency chain, in steps.</summary>
    public int CriticalPath()
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in Tasks)
        {
            depth[t.Id] = 1 + t.DependsOn.Select(d => depth[d]).DefaultIfEmpty(0).Max();
        }
        return depth.Values.Max();
    }

    /// <summary>The largest set of tasks whose files pairwise overlap (they run one at a time), greedily.</summary>
    public int LargestOverlapGroup()
    {
        var best = 1;
        foreach (var seed in Tasks.Where(t => t.Files.Count > 0))
        {
            var group = new List<Step> { seed };
            foreach (var other in Tasks.Where(t => t != seed && group.All(g => Overlap(g, t))))
            {
                group.Add(other);
            }
            best = Math.Max(best, group.Count);
        }
        return best;
    }

    /// <summary>No schedule can take fewer steps: the critical path, the overlap group, the work per worker.</summary>
    public int LowerBound(int workers) => Math.Max(Math.Max(CriticalPath(), LargestOverlapGroup()), (Tasks.Count + workers - 1) / workers);

    /// <summary>Steps taken by Baton's own rule with zero overhead: at each step every free worker takes the first
    /// ready task in plan order whose files overlap no running task's.</summary>
    public int GreedySteps(int workers)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var steps = 0;
        while (done.Count < Tasks.Count)
        {
            var running = new List<Step>();
            foreach (var t in Tasks)
            {
                if (running.Count < workers && !done.Contains(t.Id) && t.DependsOn.All(done.Contains) && !running.Any(r => Overlap(r, t)))
                {
                    running.Add(t);
                }
            }
            done.UnionWith(running.Select(r => r.Id));
            steps++;
        }
        return steps;
    }
}
