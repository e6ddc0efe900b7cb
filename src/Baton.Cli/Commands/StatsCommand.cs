using System.CommandLine;
using System.Globalization;
using Baton.Cli.Infrastructure;
using Baton.Core.Protocol;

namespace Baton.Cli.Commands;

/// <summary><c>baton stats</c>: the numbers the seed tracks.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var command = new Command("stats",
            "Show engineer interventions (total and per task), average worker context score, check pass rate on the first attempt, " +
            "attempts per task, failure detection time, handoff latency, and wall time against the sum of task times (the parallel speedup).");
        command.SetAction((parseResult, ct) => VerbRunner.RunAsync(parseResult, "observer", null, waits: false, async (session, json) =>
        {
            var stats = await session.Api.StatsAsync(ct);
            if (!stats.IsOk)
            {
                return Output.Fail(stats.Error, json);
            }
            if (json)
            {
                Output.Json(stats.Value, BatonJsonContext.Default.StatsSnapshot);
                return 0;
            }
            var s = stats.Value;
            static string F(double? v, string format, string unit = "") => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) + unit : "-";
            Output.Line($"interventions:          {s.Interventions}" + (s.InterventionsPerTask.Count > 0 ? $" ({string.Join(", ", s.InterventionsPerTask.Select(p => $"{p.Key}: {p.Value}"))})" : ""));
            Output.Line($"context score (avg):    {F(s.AverageContextScore, "F2")} over {s.ContextScores} report(s)");
            Output.Line($"first-attempt checks:   {F(s.FirstAttemptCheckPassRate * 100, "F0", "%")} passed");
            Output.Line($"attempts per task:      {F(s.AttemptsPerTask, "F2")}");
            Output.Line($"failure detection:      {F(s.FailureDetectionMs / 1000, "F1", " s")} avg over {s.FailuresDetected} failure(s)"
                + (s.FailuresDetected > 0 ? $" ({s.LostWorkers} lost worker(s), {s.FailedChecks} failed check run(s), {s.FailedReports} failed report(s))" : ""));
            Output.Line($"handoff latency:        p50 {F(s.HandoffP50Ms, "F0", " ms")}, max {F(s.HandoffMaxMs, "F0", " ms")}");
            Output.Line($"wall time:              {F(s.WallMs / 1000.0, "F1", " s")} for {F(s.TaskMs / 1000.0, "F1", " s")} of task time: speedup {F(s.Speedup, "F2", "x")}");
            Output.Line($"done: {s.Done}, open escalations: {s.OpenEscalations}");
            return 0;
        }, ct));
        return command;
    }
}
