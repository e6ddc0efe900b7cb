using System.Text;
using Baton.Core.Stats;
using Baton.Core.Tasks;

namespace Baton.Cli.Rendering;

/// <summary><c>baton stats --markdown</c>: the ROI of a plan as a report an engineer pastes into a review.</summary>
internal static class StatsMarkdown
{
    private const int MaxTitle = 60;

    public static string Render(StatsSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var md = new StringBuilder();
        md.AppendLine("# Baton plan report").AppendLine();
        md.AppendLine(s.Finished
            ? $"The plan is finished: {s.Tasks} task(s), {s.Done} done."
            : $"(plan not finished: {s.OpenTasks} open) {s.Tasks} task(s), {s.Done} done so far; the figures are for the work until now.");
        md.AppendLine();
        md.AppendLine("| figure | value |").AppendLine("| --- | --- |");
        Row(md, "time saved", StatsText.TimeSaved(s, "×"));
        Row(md, "coordination overhead", StatsText.Overhead(s));
        Row(md, "interventions", $"{s.Interventions} ({StatsText.Number(s.InterventionRate, "F2")} per task)");
        Row(md, "context score (avg)", $"{StatsText.Number(s.AverageContextScore, "F2")} over {s.ContextScores} report(s)");
        Row(md, "first-attempt checks passed", StatsText.Number(s.FirstAttemptCheckPassRate * 100, "F0", "%"));
        Row(md, "attempts per task", StatsText.Number(s.AttemptsPerTask, "F2"));
        Row(md, "failure detection (avg)", $"{StatsText.Number(s.FailureDetectionMs / 1000, "F1", " s")} over {s.FailuresDetected} failure(s)");
        Row(md, "handoff latency", $"p50 {StatsText.Number(s.HandoffP50Ms, "F0", " ms")}, max {StatsText.Number(s.HandoffMaxMs, "F0", " ms")}");
        Row(md, "open escalations", s.OpenEscalations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (s.TaskRows.Count > 0)
        {
            md.AppendLine().AppendLine("## Tasks").AppendLine();
            md.AppendLine("| task | title | state | attempts | interventions | queue wait | work | checks |");
            md.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var t in s.TaskRows)
            {
                md.AppendLine($"| {Cell(t.Id.Value)} | {Cell(Shorten(t.Title))} | {t.State.ToWire()} | {t.Attempts} | {t.Interventions} | "
                    + $"{StatsText.Duration(t.QueueWaitMs)} | {StatsText.Duration(t.WorkMs)} | {StatsText.Duration(t.ChecksMs)} |");
            }
        }
        md.AppendLine().AppendLine("## Notes").AppendLine();
        md.AppendLine("- Wall time runs from the first claim to the last task finishing done; serial time is the sum of the done attempts' times "
            + "(claim to report), what one agent would have spent doing them one after another. Time saved is serial minus wall.");
        md.AppendLine("- Coordination overhead: queue wait is the time from a task being ready to its claim, over every claim; checks is the run "
            + "time of the acceptance checks; retries is the time of attempts that did not end done.");
        md.AppendLine("- Interventions are escalations the engineer resolved; the context score is the workers' own rating (1-5) of the context they were given.");
        if (s.Tasks > s.TaskRows.Count)
        {
            md.AppendLine($"- {s.Tasks - s.TaskRows.Count} more task(s) not shown: the table holds the {s.TaskRows.Count} with the most interventions, attempts and work time.");
        }
        return md.ToString();
    }

    private static void Row(StringBuilder md, string figure, string value) => md.AppendLine($"| {figure} | {Cell(value)} |");

    private static string Shorten(string text) => text.Length <= MaxTitle ? text : text[..(MaxTitle - 1)] + "…";

    // A cell is one line, and a pipe would end it.
    private static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
