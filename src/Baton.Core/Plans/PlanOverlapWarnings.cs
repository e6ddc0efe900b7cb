using System.Globalization;
using Baton.Core.Globs;
using Baton.Core.Tasks;

namespace Baton.Core.Plans;

/// <summary>Warns when tasks reserve overlapping files, so that they cannot run at the same time.</summary>
/// <remarks>
/// Only pairs whose globs share a literal prefix are compared (<see cref="GlobPrefixIndex"/>), and only pairs
/// that overlap are looked up in the dependency graph, so a plan whose tasks reserve their own files costs about
/// a sort of its globs. Plans where most tasks may overlap most others (every task holding <c>**/*.cs</c>, say)
/// have quadratically many pairs: past <see cref="MaxWork"/> the check stops and says so.
/// </remarks>
internal static class PlanOverlapWarnings
{
    // Beyond this many pairs the list stops helping; the summary line still counts them all.
    private const int MaxListedPairs = 20;

    // Pairs of globs looked at, and then tasks visited by the dependency walks, before the check gives up: about
    // a second of work on a 2-core machine (a glob comparison takes 0.4 to 2 µs).
    internal const long MaxWork = 2_000_000;

    /// <param name="tasks">The plan's tasks.</param>
    /// <param name="graph">Their dependencies: a pair ordered by dependencies never runs together anyway, so
    /// its overlap is not worth a warning.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public static List<string> Compute(IReadOnlyList<TaskSpec> tasks, PlanGraph graph, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var (overlapping, complete) = OverlappingPairs(tasks, graph, cancellationToken);
        for (var k = 0; k < overlapping.Count && k < MaxListedPairs; k++)
        {
            var (i, j) = overlapping[k];
            var pair = GlobOverlap.FirstOverlap(tasks[i].Files, tasks[j].Files)!.Value; // found overlapping above
            warnings.Add($"tasks {tasks[i].Id} and {tasks[j].Id} reserve overlapping files ({pair.GlobA} ~ {pair.GlobB}): they will not run at the same time");
        }
        if (overlapping.Count > MaxListedPairs)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"... and {overlapping.Count - MaxListedPairs} more pairs of tasks with overlapping files"));
        }
        var pairs = (long)tasks.Count * (tasks.Count - 1) / 2;
        if (pairs > 0 && overlapping.Count * 2L > pairs)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{overlapping.Count} of {pairs} pairs of tasks reserve overlapping files: the plan has little parallelism (tasks whose files overlap run one at a time)"));
        }
        if (!complete)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"the check for overlapping files stopped early, with too many pairs of tasks to compare: {overlapping.Count} pairs found that reserve overlapping files, more may, and the plan may have little parallelism (tasks whose files overlap run one at a time)"));
        }
        return warnings;
    }

    // The pairs (in plan order) whose files overlap and which no dependency orders; complete is false when the
    // work ran past MaxWork, and the list then holds only the pairs found before.
    private static (List<(int, int)> Pairs, bool Complete) OverlappingPairs(IReadOnlyList<TaskSpec> tasks, PlanGraph graph, CancellationToken cancellationToken)
    {
        var candidates = new List<long>();
        var index = new GlobPrefixIndex([.. tasks.Select(t => t.Files)]);
        // Half the work at most goes to finding candidates and a quarter to comparing them, so that when there are
        // too many some are still compared, and looked up in the graph.
        var complete = index.CandidatePairs(candidates, MaxWork / 2, out var work, cancellationToken);
        candidates.Sort();
        var overlapping = new List<(int A, int B)>();
        var previous = -1L;
        var looked = 0;
        foreach (var candidate in candidates)
        {
            if (candidate == previous)
            {
                continue;
            }
            previous = candidate;
            var (i, j) = ((int)(candidate >> 32), (int)candidate);
            work += tasks[i].Files.Count * tasks[j].Files.Count;
            if (work > MaxWork / 4 * 3)
            {
                complete = false;
                break;
            }
            if ((++looked & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (GlobOverlap.FirstOverlap(tasks[i].Files, tasks[j].Files) is not null)
            {
                overlapping.Add((i, j));
            }
        }
        // A pair the walks did not reach before the work ran out is left out: it may be ordered.
        var ordered = graph.Ordered(overlapping, Math.Max(0, MaxWork - work), cancellationToken);
        var unordered = new List<(int, int)>(overlapping.Count);
        for (var k = 0; k < overlapping.Count; k++)
        {
            if (ordered[k] is not { } known)
            {
                complete = false;
            }
            else if (!known)
            {
                unordered.Add(overlapping[k]);
            }
        }
        return (unordered, complete);
    }
}
