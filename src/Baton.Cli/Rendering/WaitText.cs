using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Cli.Rendering;

/// <summary>The words of <c>baton wait</c>: one summary line for stdout, and what is wrong or open for stderr.</summary>
internal static class WaitText
{
    private const int Listed = 20;

    public static string Summary(CompletionVerdict verdict, TimeSpan elapsed)
    {
        var total = verdict.Done.Count + verdict.Failed.Count + verdict.Cancelled.Count + verdict.Stuck.Count + verdict.Open.Count;
        var parts = new List<string> { $"{verdict.Done.Count}/{total} done" };
        if (verdict.Failed.Count > 0)
        {
            parts.Add($"failed: {Ids(verdict.Failed)}");
        }
        if (verdict.Cancelled.Count > 0)
        {
            parts.Add($"cancelled: {Ids(verdict.Cancelled)}");
        }
        if (verdict.Stuck.Count > 0)
        {
            parts.Add($"stuck: {Ids(verdict.Stuck.Select(s => s.TaskId))}");
        }
        if (verdict.Open.Count > 0)
        {
            parts.Add($"open: {Ids(verdict.Open.Select(o => o.TaskId))}");
        }
        return $"{string.Join("; ", parts)} (after {ShortDuration.Format(elapsed)})";
    }

    /// <summary>Each failed, cancelled and stuck task with why, for the stderr line of a non-zero exit.</summary>
    public static string Problems(CompletionVerdict verdict)
    {
        var items = verdict.Failed.Select(t => $"{t.Value} failed")
            .Concat(verdict.Cancelled.Select(t => $"{t.Value} cancelled"))
            .Concat(verdict.Stuck.Select(s => $"{s.TaskId.Value} stuck ({s.Reason})"));
        return Cap(items.ToList());
    }

    public static string OpenList(CompletionVerdict verdict)
        => Cap(verdict.Open.Select(o => o.Worker is { } w ? $"{o.TaskId.Value} ({o.State.ToWire()} by {w.Value})" : $"{o.TaskId.Value} ({o.State.ToWire()})").ToList());

    private static string Ids(IEnumerable<TaskId> ids) => Cap(ids.Select(t => t.Value).ToList());

    private static string Cap(List<string> items)
        => items.Count <= Listed ? string.Join(", ", items) : $"{string.Join(", ", items.Take(Listed))} and {items.Count - Listed} more";
}
