using System.Globalization;
using Baton.Core.Globs;
using Baton.Core.Tasks;

namespace Baton.Core.Plans;

/// <summary>Warns when tasks reserve overlapping files, so that they cannot run at the same time.</summary>
internal static class PlanOverlapWarnings
{
    // Beyond this many pairs the list stops helping; the summary line still counts them all.
    private const int MaxListedPairs = 20;

    /// <param name="tasks">The plan's tasks.</param>
    /// <param name="graph">Their dependencies: a pair ordered by dependencies never runs together anyway, so
    /// its overlap is not worth a warning.</param>
    public static List<string> Compute(IReadOnlyList<TaskSpec> tasks, PlanGraph graph)
    {
        var warnings = new List<string>();
        // Only tasks that reserve files can overlap: the pairs are among them, which keeps a large plan of
        // tasks without files from costing a look at every pair of its tasks.
        var reserving = new List<int>();
        for (var i = 0; i < tasks.Count; i++)
        {
            if (tasks[i].Files.Count > 0)
            {
                reserving.Add(i);
            }
        }
        if (reserving.Count < 2)
        {
            return warnings;
        }
        var ancestors = graph.Ancestors(reserving);
        var overlapping = 0;
        for (var a = 0; a < reserving.Count; a++)
        {
            for (var b = a + 1; b < reserving.Count; b++)
            {
                var (i, j) = (reserving[a], reserving[b]);
                if (ancestors[i][b] || ancestors[j][a])
                {
                    continue;
                }
                if (GlobOverlap.FirstOverlap(tasks[i].Files, tasks[j].Files) is not { } pair)
                {
                    continue;
                }
                overlapping++;
                if (overlapping <= MaxListedPairs)
                {
                    warnings.Add($"tasks {tasks[i].Id} and {tasks[j].Id} reserve overlapping files ({pair.GlobA} ~ {pair.GlobB}): they will not run at the same time");
                }
            }
        }
        if (overlapping > MaxListedPairs)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"... and {overlapping - MaxListedPairs} more pairs of tasks with overlapping files"));
        }
        var pairs = (long)tasks.Count * (tasks.Count - 1) / 2;
        if (pairs > 0 && overlapping * 2L > pairs)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{overlapping} of {pairs} pairs of tasks reserve overlapping files: the plan has little parallelism (tasks whose files overlap run one at a time)"));
        }
        return warnings;
    }
}
