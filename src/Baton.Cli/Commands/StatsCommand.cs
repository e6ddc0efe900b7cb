using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Cli.Rendering;
using Baton.Core.Protocol;

namespace Baton.Cli.Commands;

/// <summary><c>baton stats</c>: the numbers the seed tracks.</summary>
internal static class StatsCommand
{
    private static readonly Option<bool> Markdown = new("--markdown") { Description = "Write the figures and a per-task table as a Markdown report to paste into a review." };

    public static Command Create()
    {
        var command = new Command("stats",
            "Show the plan's ROI: time saved (wall time against the sum of the attempts' times), coordination overhead " +
            "(queue wait, acceptance checks, retries), engineer interventions (total and per task), average worker context score, " +
            "check pass rate on the first attempt, attempts per task, failure detection time and handoff latency.");
        command.Options.Add(Markdown);
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
            if (parseResult.GetValue(Markdown))
            {
                Console.Out.Write(TerminalText.Escape(StatsMarkdown.Render(stats.Value)));
                return 0;
            }
            foreach (var line in StatsText.Lines(stats.Value))
            {
                Output.Line(line);
            }
            return 0;
        }, ct));
        return command;
    }
}
