using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Cli.Rendering;
using Baton.Core.Api;
using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Cli.Commands;

/// <summary><c>baton report ID</c>: how the worker's work on a task ended.</summary>
internal static class ReportCommand
{
    /// <summary>Exit code of a done report that was recorded but not accepted (failed checks, or a conflict).</summary>
    public const int NotAccepted = 9;

    private static readonly Argument<string> Id = new("id") { Description = "The task's id." };
    private static readonly Option<string?> Worker = CommonOptions.Worker();
    private static readonly Option<string> Outcome = CreateOutcome();
    private static readonly Option<string?> Summary = new("--summary") { Description = "What you did, for the coordinator." };
    private static readonly Option<string[]> Files = new("--files") { Description = "A file you changed (repeatable)." };
    private static readonly Option<int?> ContextScore = CreateContextScore();
    private static readonly Option<string?> Notes = new("--notes") { Description = "Anything else the coordinator should know." };
    private static readonly Option<bool> Next = new("--next")
    {
        Description = "Also claim your next task in the same commit and print it as 'baton claim' does (exit 3 when none is ready; the report still counts).",
    };
    private static readonly Option<TimeSpan?> Wait = CommonOptions.Duration("--wait",
        "With --next: block up to this long until a task is ready (seconds, or 90s, 10m). Default: answer at once.");
    private static readonly Option<TimeSpan?> Lease = CommonOptions.Duration("--lease",
        "With --next: the next task's lease length (e.g. 30m). Default: the task's, else 10m.");

    public static Command Create()
    {
        var command = new Command("report", """
            Report how your work on a task ended: done (acceptance met), failed (retried by someone else),
            or blocked (needs a human decision). Only the holder of the task's live lease may report (else exit 4).
            Example: baton report T1 --worker w1 --outcome done --summary "..." --files src/a.cs --context-score 5
            With --next, the same call also leases your next task (one round trip, one commit) and prints it.
            """);
        command.Arguments.Add(Id);
        foreach (var option in new Option[] { Worker, Outcome, Summary, Files, ContextScore, Notes, Next, Wait, Lease })
        {
            command.Options.Add(option);
        }
        command.SetAction((parseResult, ct) =>
        {
            var worker = VerbRunner.RequireWorker(parseResult, Worker, out var usage);
            if (worker is null)
            {
                return Task.FromResult(usage);
            }
            var request = new ReportRequest
            {
                TaskId = new TaskId(parseResult.GetValue(Id)!),
                Worker = worker.Value,
                Outcome = ParseOutcome(parseResult.GetValue(Outcome)!),
                Summary = parseResult.GetValue(Summary) ?? "",
                Files = parseResult.GetValue(Files) ?? [],
                ContextScore = parseResult.GetValue(ContextScore),
                Notes = parseResult.GetValue(Notes),
                // baton run's agents work in a worktree of their own: the hub judges the files and runs the checks there.
                Worktree = Environment.GetEnvironmentVariable("BATON_WORKTREE") is { Length: > 0 } worktree ? worktree : null,
                // Time-ordered (version 7), so the store's index of keys grows at its end.
                IdempotencyKey = Guid.CreateVersion7().ToString("N"),
                Next = parseResult.GetValue(Next)
                    ? new ClaimRequest { Worker = worker.Value, Wait = parseResult.GetValue(Wait), Lease = parseResult.GetValue(Lease) }
                    : null,
            };
            if (request.Next is null && (parseResult.GetValue(Wait) is not null || parseResult.GetValue(Lease) is not null))
            {
                return Task.FromResult(Output.Fail(ErrorCode.BadRequest, "--wait and --lease need --next", parseResult.GetValue(CommonOptions.Json)));
            }
            return VerbRunner.RunAsync(parseResult, "worker", worker, waits: request.Next?.Wait is not null, async (session, json) =>
            {
                var reported = await session.Api.ReportAsync(request, ct);
                if (!reported.IsOk)
                {
                    return Output.Fail(reported.Error, json);
                }
                var refused = request.Outcome == ReportOutcome.Done && !reported.Value.Replayed && reported.Value.Task.State != TaskState.Done;
                if (json)
                {
                    Output.Json(reported.Value, BatonJsonContext.Default.ReportResult);
                }
                else
                {
                    if (refused)
                    {
                        WriteNotAccepted(reported.Value);
                    }
                    else
                    {
                        Output.Line($"reported {request.TaskId} {request.Outcome.ToString().ToLowerInvariant()}; task is now {reported.Value.Task.State.ToWire()}");
                    }
                    if (reported.Value.Next is { } next)
                    {
                        Output.Line(TaskText.Assignment(next, TimeProvider.System.GetUtcNow()));
                    }
                    else if (request.Next is not null)
                    {
                        Output.Note(reported.Value.NoNext ?? "no task ready");
                    }
                }
                return refused ? NotAccepted : request.Next is not null && reported.Value.Next is null ? ErrorCode.NoTask.ExitCode() : 0;
            }, ct);
        });
        return command;
    }

    // A done report that did not make the task done: its acceptance checks failed (the task goes back for another
    // attempt, or to the engineer when attempts are used up), or it conflicted with other work (escalated).
    private static void WriteNotAccepted(ReportResult result)
    {
        var task = result.Task;
        var why = result.Checks is { Passed: false } checks
            ? $"{checks.Failures.Count()} of {checks.Results.Count} acceptance check(s) failed"
            : task.StateReason ?? $"the task is {task.State.ToWire()}";
        var then = task.State switch
        {
            TaskState.Ready => $"the task is ready again for attempt {task.Attempts + 1} of {task.MaxAttempts}, with this feedback",
            TaskState.Escalated => "the task is escalated to the engineer (baton inbox)",
            _ => $"the task is now {task.State.ToWire()}",
        };
        Output.Line($"report {task.Id} done not accepted: {why}; {then}");
        foreach (var failure in result.Checks?.Failures ?? [])
        {
            Output.Line($"  [{failure.Kind?.ToWire() ?? "invalid"}] {failure.Name}: {failure.Message}");
        }
        if (result.Checks is { Passed: false })
        {
            Output.Line($"  (check output: baton task show {task.Id})");
        }
    }

    private static Option<string> CreateOutcome()
    {
        var option = new Option<string>("--outcome") { Description = "done, failed or blocked.", Required = true };
        option.AcceptOnlyFromAmong("done", "failed", "blocked");
        return option;
    }

    private static Option<int?> CreateContextScore()
    {
        var option = new Option<int?>("--context-score") { Description = "How complete the task's context was, 1 (guessing) to 5 (needed nothing else)." };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } score && score is < 1 or > 5)
            {
                result.AddError($"--context-score must be 1 to 5, not {score}");
            }
        });
        return option;
    }

    private static ReportOutcome ParseOutcome(string text) => text switch
    {
        "done" => ReportOutcome.Done,
        "failed" => ReportOutcome.Failed,
        _ => ReportOutcome.Blocked,
    };
}
