using System.CommandLine;
using System.Diagnostics;
using Baton.Cli.Infrastructure;
using Baton.Cli.Rendering;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Cli.Commands;

/// <summary><c>baton wait</c>: block until tasks are finished or stuck, so a coordinator waits in one call.</summary>
internal static class WaitCommand
{
    /// <summary>Exit code when the wait ended with tasks failed, cancelled, escalated or stuck.</summary>
    public const int NotDone = 7;

    private const int EventPage = 500;

    // One event read waits at most this long before the status is looked at again anyway.
    private static readonly TimeSpan ReadSlice = TimeSpan.FromSeconds(30);

    private static readonly Argument<string[]> Ids = new("id")
    {
        Description = "The tasks to wait for. Default: every task (--all).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<bool> All = new("--all") { Description = "Wait for every task in the store (the default when no ID is given)." };

    private static readonly Option<TimeSpan?> Timeout = CommonOptions.Duration("--timeout",
        "Give up after this long (exit 1, naming what is still open). Default: wait as long as it takes.");

    public static Command Create()
    {
        var command = new Command("wait", """
            Block until the tasks (IDs, or --all) are finished or stuck. Exit 0 when every one is done;
            exit 7 naming what failed, was cancelled, is escalated, or can never run (a pending task whose
            dependency failed, was cancelled or is escalated: reported at once, not at the timeout);
            exit 1 on --timeout ("timed out after 30s: still open: ..."). Example: baton wait --all --timeout 30m --json
            """);
        command.Arguments.Add(Ids);
        command.Options.Add(All);
        command.Options.Add(Timeout);
        command.SetAction((parseResult, ct) =>
        {
            var json = parseResult.GetValue(CommonOptions.Json);
            var ids = parseResult.GetValue(Ids) ?? [];
            if (ids.Length > 0 && parseResult.GetValue(All))
            {
                return Task.FromResult(Output.Fail(ErrorCode.BadRequest, "give task ids or --all, not both", json));
            }
            IReadOnlyList<TaskId>? targets = ids.Length == 0 ? null : ids.Select(id => new TaskId(id)).ToList();
            var timeout = parseResult.GetValue(Timeout);
            return VerbRunner.RunAsync(parseResult, "observer", null, waits: true, (session, _) => WaitAsync(session.Api, targets, timeout, json, ct), ct);
        });
        return command;
    }

    private static async Task<int> WaitAsync(IBatonApi api, IReadOnlyList<TaskId>? targets, TimeSpan? timeout, bool json, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        // The cursor is read before the first look, so an event between the look and the read is not missed.
        var status = await api.StatusAsync(ct);
        if (!status.IsOk)
        {
            return Output.Fail(status.Error, json);
        }
        var after = status.Value.LastEventId;
        while (true)
        {
            var tasks = await api.ListTasksAsync(TaskQuery.All, ct);
            if (!tasks.IsOk)
            {
                return Output.Fail(tasks.Error, json);
            }
            var verdict = CompletionCheck.Evaluate(tasks.Value, targets);
            if (verdict.Missing.Count > 0)
            {
                return Output.Fail(ErrorCode.NotFound, $"no task {string.Join(", ", verdict.Missing.Select(m => $"'{m.Value}'"))}", json);
            }
            if (verdict.Settled)
            {
                return Finish(verdict, verdict.AllDone ? "done" : "not_done", clock.Elapsed, json);
            }
            var left = timeout is { } limit ? limit - clock.Elapsed : ReadSlice;
            if (left <= TimeSpan.Zero)
            {
                return Finish(verdict, "timeout", clock.Elapsed, json, timeout);
            }
            var read = await api.ReadEventsAsync(after, EventPage, left < ReadSlice ? left : ReadSlice, ct);
            if (!read.IsOk)
            {
                return Output.Fail(read.Error, json);
            }
            if (read.Value.Count > 0)
            {
                after = read.Value[^1].Id;
            }
        }
    }

    private static int Finish(CompletionVerdict verdict, string outcome, TimeSpan elapsed, bool json, TimeSpan? timeout = null)
    {
        var exit = outcome switch
        {
            "done" => 0,
            "timeout" => ErrorCode.Timeout.ExitCode(),
            _ => NotDone,
        };
        if (json)
        {
            Output.Json(ToOutput(verdict, outcome, elapsed), CliJsonContext.Default.WaitOutput);
        }
        else
        {
            Output.Line(WaitText.Summary(verdict, elapsed));
        }
        if (outcome == "timeout")
        {
            Output.Note($"timed out after {ShortDuration.Format(timeout ?? elapsed)}: still open: {WaitText.OpenList(verdict)}");
        }
        else if (exit != 0)
        {
            Output.Note("not every task is done: " + WaitText.Problems(verdict));
        }
        return exit;
    }

    private static WaitOutput ToOutput(CompletionVerdict verdict, string outcome, TimeSpan elapsed) => new()
    {
        Outcome = outcome,
        Done = verdict.Done.Select(t => t.Value).ToList(),
        Failed = verdict.Failed.Select(t => t.Value).ToList(),
        Cancelled = verdict.Cancelled.Select(t => t.Value).ToList(),
        Stuck = verdict.Stuck.Select(s => new WaitStuck(s.TaskId.Value, s.State.ToWire(), s.Reason)).ToList(),
        Open = verdict.Open.Select(o => new WaitOpen(o.TaskId.Value, o.State.ToWire(), o.Worker?.Value)).ToList(),
        ElapsedMs = (long)elapsed.TotalMilliseconds,
    };
}
