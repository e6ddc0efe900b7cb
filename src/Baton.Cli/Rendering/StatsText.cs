using System.Globalization;
using Baton.Core.Stats;

namespace Baton.Cli.Rendering;

/// <summary>The lines of <c>baton stats</c>, and the figures its text and Markdown forms share.</summary>
internal static class StatsText
{
    public static IEnumerable<string> Lines(StatsSnapshot s)
    {
        yield return $"ROI of {s.Tasks} task(s)" + (s.Finished ? ", the plan is finished" : $" (plan not finished: {s.OpenTasks} open)");
        yield return $"time saved:             {TimeSaved(s)}";
        yield return $"coordination overhead:  {Overhead(s)}";
        yield return $"interventions:          {s.Interventions} ({Number(s.InterventionRate, "F2")} per task)"
            + (s.InterventionsPerTask.Count > 0 ? $" ({string.Join(", ", s.InterventionsPerTask.Select(p => $"{p.Key}: {p.Value}"))})" : "");
        yield return $"context score (avg):    {Number(s.AverageContextScore, "F2")} over {s.ContextScores} report(s)";
        yield return $"first-attempt checks:   {Number(s.FirstAttemptCheckPassRate * 100, "F0", "%")} passed";
        yield return $"attempts per task:      {Number(s.AttemptsPerTask, "F2")}";
        yield return $"failure detection:      {Number(s.FailureDetectionMs / 1000, "F1", " s")} avg over {s.FailuresDetected} failure(s)"
            + (s.FailuresDetected > 0 ? $" ({s.LostWorkers} lost worker(s), {s.FailedChecks} failed check run(s), {s.FailedReports} failed report(s))" : "");
        yield return $"handoff latency:        p50 {Number(s.HandoffP50Ms, "F0", " ms")}, max {Number(s.HandoffMaxMs, "F0", " ms")}";
        yield return $"done: {s.Done}, open escalations: {s.OpenEscalations}";
    }

    /// <summary><c>12.0 s (serial 30.0 s, wall 18.0 s, speedup 1.67x)</c>, or <c>-</c> before a task is done.</summary>
    public static string TimeSaved(StatsSnapshot s, string times = "x")
        => s.TimeSavedMs is { } saved
            ? (saved < 0 ? $"none, {Duration(-saved)} slower" : Duration(saved)) + $" (serial {Duration(s.TaskMs)}, wall {Duration(s.WallMs ?? 0)}, speedup {Number(s.Speedup, "F2", times)})"
            : "- (no task done yet)";

    /// <summary><c>9.0 s: queue wait 4.0 s (avg 1.3 s over 3 claim(s)), checks 3.0 s (2 run(s)), retries 2.0 s (1 attempt(s))</c>.</summary>
    public static string Overhead(StatsSnapshot s)
        => $"{Duration(s.CoordinationMs)}: queue wait {Duration(s.QueueWaitMs)} (avg {(s.AverageQueueWaitMs is { } avg ? Duration((long)Math.Round(avg)) : "-")} over {s.QueueWaits} claim(s)), "
            + $"checks {Duration(s.ChecksMs)} ({s.CheckRuns} run(s)), retries {Duration(s.RetryMs)} ({s.RetriedAttempts} attempt(s))";

    /// <summary>A duration for a report: <c>450 ms</c>, <c>12.0 s</c>, <c>3m 05s</c>, <c>2h 03m</c>; exact to what it shows.</summary>
    public static string Duration(long ms)
    {
        var sign = ms < 0 ? "-" : "";
        var span = TimeSpan.FromMilliseconds(Math.Abs(ms));
        return sign + (span.TotalSeconds < 1 ? $"{span.TotalMilliseconds:0} ms"
            : span.TotalMinutes < 1 ? span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes}m {span.Seconds:00}s"
            : $"{(int)span.TotalHours}h {span.Minutes:00}m");
    }

    public static string Number(double? value, string format, string unit = "")
        => value is { } x ? x.ToString(format, CultureInfo.InvariantCulture) + unit : "-";
}
