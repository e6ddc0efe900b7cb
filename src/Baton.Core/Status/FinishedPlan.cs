using System.Globalization;

namespace Baton.Core.Status;

/// <summary>
/// A plan with nothing left that can become ready by itself: no task is pending, ready, leased or being checked.
/// Only the engineer (an escalated task) or new tasks can bring work then, so <c>baton claim --wait</c> answers at
/// once instead of waiting out its wait, and a claim that finds nothing says the plan is over rather than "no task
/// ready". (A waiting claim through the API still waits: a coordinator may add tasks to a finished plan.)
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
