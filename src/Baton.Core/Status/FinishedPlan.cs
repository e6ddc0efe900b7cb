using System.Globalization;

namespace Baton.Core.Status;

/// <summary>
/// A plan with nothing left that can become ready by itself: no task is pending, ready, leased or being checked.
/// A claim that finds nothing then answers at once instead of waiting out its <c>--wait</c>: only the engineer
/// (an escalated task) or a new plan can bring work, and a worker should not sit on a lease-less wait for that.
/// </summary>
public static class FinishedPlan
{
    /// <summary>The states a task can leave towards ready without the engineer.</summary>
    public static IReadOnlyList<string> OpenStates { get; } = ["pending", "ready", "leased", "checking"];

    /// <summary>True when the store holds tasks and none of them is in an <see cref="OpenStates"/> state.</summary>
    public static bool IsFinished(IReadOnlyDictionary<string, int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return counts.Values.Sum() > 0 && OpenStates.All(s => !counts.TryGetValue(s, out var n) || n == 0);
    }

    /// <summary>Why a claim on a finished plan gets nothing, e.g. <c>the plan is complete (3 done, 1 cancelled): nothing left to claim</c>.</summary>
    public static string NoTaskMessage(IReadOnlyDictionary<string, int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var parts = string.Join(", ", counts.Where(c => c.Value > 0).OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value} {c.Key}")));
        return counts.TryGetValue("escalated", out var escalated) && escalated > 0
            ? $"nothing left to claim: no task is pending, ready or in progress ({parts}); {escalated} escalated task(s) wait for the engineer (baton inbox)"
            : $"the plan is complete ({parts}): nothing left to claim";
    }
}
