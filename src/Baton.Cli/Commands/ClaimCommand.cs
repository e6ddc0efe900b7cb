using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Cli.Rendering;
using Baton.Core.Api;
using Baton.Core.Protocol;

namespace Baton.Cli.Commands;

/// <summary><c>baton claim</c>: lease the next ready task, waiting for one if asked.</summary>
internal static class ClaimCommand
{
    private static readonly Option<string?> Worker = CommonOptions.Worker();
    private static readonly Option<TimeSpan?> Wait = CommonOptions.Duration("--wait",
        "Block up to this long until a task is ready (seconds, or 90s, 10m). Default: answer at once.");
    private static readonly Option<TimeSpan?> Lease = CommonOptions.Duration("--lease",
        "Lease length (e.g. 30m); renew it with 'baton heartbeat'. Default: the task's, else 10m.");

    public static Command Create()
    {
        var command = new Command("claim", """
            Lease the next ready task to WORKER and print it in full: title, description, context, acceptance,
            files, attempt N of max, lease id and expiry, and what happened in earlier attempts.
            Exit 3 when no task is ready (after --wait). Example: baton claim --worker w1 --wait 600 --json
            """);
        command.Options.Add(Worker);
        command.Options.Add(Wait);
        command.Options.Add(Lease);
        command.SetAction((parseResult, ct) =>
        {
            var worker = VerbRunner.RequireWorker(parseResult, Worker, out var usage);
            if (worker is null)
            {
                return Task.FromResult(usage);
            }
            var request = new ClaimRequest { Worker = worker.Value, Wait = parseResult.GetValue(Wait), Lease = parseResult.GetValue(Lease) };
            return VerbRunner.RunAsync(parseResult, "worker", worker, async (session, json) =>
            {
                var claimed = await session.Api.ClaimAsync(request, ct);
                if (!claimed.IsOk)
                {
                    return Output.Fail(claimed.Error, json);
                }
                if (json)
                {
                    Output.Json(claimed.Value, BatonJsonContext.Default.Assignment);
                }
                else
                {
                    Output.Line(TaskText.Assignment(claimed.Value, TimeProvider.System.GetUtcNow()));
                }
                return 0;
            }, ct);
        });
        return command;
    }
}
