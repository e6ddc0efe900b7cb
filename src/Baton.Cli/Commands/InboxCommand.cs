using System.CommandLine;
using System.Globalization;
using Baton.Cli.Infrastructure;
using Baton.Core.Escalations;
using Baton.Core.Protocol;

namespace Baton.Cli.Commands;

/// <summary><c>baton inbox</c>: what needs the engineer.</summary>
internal static class InboxCommand
{
    public static Command Create()
    {
        var command = new Command("inbox",
            "List what needs the engineer: escalated tasks (attempts used up, blocked reports, conflicts, contradictions), " +
            "each with the task, every attempt and report, check output, the conflicting task and paths, and the choices. " +
            "Decide each with 'baton resolve ID --retry|--done|--cancel|--edit FILE'.");
        command.SetAction((parseResult, ct) => VerbRunner.RunAsync(parseResult, "coordinator", null, waits: false, async (session, json) =>
        {
            var inbox = await session.Api.InboxAsync(ct);
            if (!inbox.IsOk)
            {
                return Output.Fail(inbox.Error, json);
            }
            if (json)
            {
                Output.Json(inbox.Value, BatonJsonContext.Default.IReadOnlyListInboxItem);
                return 0;
            }
            if (inbox.Value.Count == 0)
            {
                Output.Line("inbox is empty: nothing needs you");
                return 0;
            }
            foreach (var item in inbox.Value)
            {
                Render(item);
            }
            return 0;
        }, ct));
        return command;
    }

    private static void Render(InboxItem item)
    {
        var e = item.Escalation;
        var task = item.Detail.Task;
        Output.Line($"● {task.Id}  {task.Title}  [{e.Kind}]");
        Output.Line($"  why: {e.Reason}");
        if (e.ConflictingTask is not null)
        {
            Output.Line($"  conflicts with: {e.ConflictingTask} (worker {e.ConflictingWorker ?? "-"}); paths: {string.Join(", ", e.Paths)}");
        }
        else if (e.Paths.Count > 0)
        {
            Output.Line($"  paths: {string.Join(", ", e.Paths)}");
        }
        foreach (var attempt in item.Detail.Attempts)
        {
            Output.Line(string.Create(CultureInfo.InvariantCulture,
                $"  attempt {attempt.Number}: {attempt.Worker} {attempt.Ending ?? "live"}{(attempt.Note is { Length: > 0 } n ? ": " + n : "")}"));
        }
        foreach (var report in item.Detail.Reports)
        {
            Output.Line($"  report (attempt {report.Attempt}, {report.Worker}{(report.Late ? ", late" : "")}): {report.Outcome.ToString().ToLowerInvariant()}: {report.Summary}"
                + (report.Files.Count > 0 ? $" [files: {string.Join(", ", report.Files)}]" : ""));
        }
        if (item.Feedback is { Length: > 0 } feedback)
        {
            Output.Line("  check output:");
            foreach (var line in feedback.TrimEnd().Split('\n'))
            {
                Output.Line("    " + line);
            }
        }
        Output.Line($"  choices: baton resolve {task.Id} --retry | --done | --cancel | --edit FILE  [--note \"...\"]");
        Output.Line("");
    }
}
