using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Cli.Rendering;
using Baton.Core.Protocol;

namespace Baton.Cli.Commands;

/// <summary><c>baton events</c>: the event log, one per line; <c>--follow</c> streams new ones.</summary>
internal static class EventsCommand
{
    private const int Page = 500;
    private static readonly TimeSpan FollowWait = TimeSpan.FromSeconds(30);

    private static readonly Option<long> After = new("--after") { Description = "Only events with a larger id (resume where you left off). Default 0." };
    private static readonly Option<bool> Follow = new("--follow", "-f") { Description = "Keep printing new events as they happen, until Ctrl+C." };

    public static Command Create()
    {
        var command = new Command("events", """
            Print events (every state change), oldest first, one per line; JSON lines with --json.
            Example: baton events --follow --json
            """);
        command.Options.Add(After);
        command.Options.Add(Follow);
        command.SetAction((parseResult, ct) => VerbRunner.RunAsync(parseResult, "observer", null, waits: parseResult.GetValue(Follow), async (session, json) =>
        {
            var after = parseResult.GetValue(After);
            var follow = parseResult.GetValue(Follow);
            while (!ct.IsCancellationRequested)
            {
                var read = await session.Api.ReadEventsAsync(after, Page, follow ? FollowWait : TimeSpan.Zero, ct);
                if (!read.IsOk)
                {
                    return Output.Fail(read.Error, json);
                }
                foreach (var e in read.Value)
                {
                    if (json)
                    {
                        Output.Json(e, BatonJsonContext.Default.BatonEvent);
                    }
                    else
                    {
                        Output.Line(EventText.Line(e));
                    }
                    after = e.Id;
                }
                await Console.Out.FlushAsync(ct);
                if (read.Value.Count == 0 && !follow)
                {
                    break;
                }
            }
            return 0;
        }, ct));
        return command;
    }
}
