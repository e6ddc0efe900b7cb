using System.Globalization;
using Baton.Cli.Infrastructure;

namespace Baton.Cli.Run;

/// <summary>The closing lines of <c>baton run</c> (or its JSON).</summary>
internal static class RunSummaryText
{
    public static void Write(RunSummary summary, bool json)
    {
        if (json)
        {
            Output.Json(summary, CliJsonContext.Default.RunSummary);
            return;
        }
        int Count(string state) => summary.Counts.TryGetValue(state, out var n) ? n : 0;
        var left = Count("pending") + Count("ready") + Count("leased") + Count("checking");
        var wall = (summary.WallMs / 1000).ToString("0.0", CultureInfo.InvariantCulture);
        Output.Line($"run {(summary.Complete ? "complete" : "finished, not complete")} in {wall}s: {Count("done")} done, "
            + $"{Count("failed")} failed, {Count("escalated")} escalated, {Count("cancelled")} cancelled, {left} left (of {summary.Total})");
        foreach (var worker in summary.Workers)
        {
            var busy = (worker.BusyMs / 1000).ToString("0.0", CultureInfo.InvariantCulture);
            Output.Line($"  {worker.Worker}: {worker.Done} done, {worker.Failed} failed, {worker.Blocked} blocked, agent busy {busy}s");
        }
        if (Count("escalated") > 0)
        {
            Output.Line($"{Count("escalated")} escalated task(s) need you: 'baton inbox' shows each with its context and your choices ('baton resolve ID ...')");
        }
    }
}
