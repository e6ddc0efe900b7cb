using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Cli.Rendering;
using Baton.Client;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Protocol;
using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Cli.Commands;

/// <summary><c>baton claim</c>: lease the next ready task, waiting for one if asked.</summary>
internal static class ClaimCommand
{
    private static readonly Option<string?> Worker = CommonOptions.Worker();
    private static readonly Option<TimeSpan?> Wait = CommonOptions.Duration("--wait",
        "Block up to this long until a task is ready (seconds, or 90s, 10m). Default: answer at once.");
    private static readonly Option<TimeSpan?> Lease = CommonOptions.Duration("--lease",
        "Lease length (e.g. 30m); renew it with 'baton heartbeat'. Default: the task's, else 10m.");
    private static readonly Option<int?> Capacity = new("--capacity")
    {
        Description = "Tasks this worker may hold at once (kept by the store; default 1). At capacity, claim gives back the oldest held task.",
        HelpName = "n",
    };
    private static readonly Option<string[]> Labels = new("--labels")
    {
        Description = "Labels this worker accepts, comma-separated (a,b) or repeated; a task with labels goes only to a worker that has them all.",
        HelpName = "labels",
        AllowMultipleArgumentsPerToken = false,
    };
    private static readonly Option<int?> Priority = new("--priority")
    {
        Description = "This worker's priority under the hub's priority policy (higher is served first). Default 0.",
        HelpName = "n",
    };

    public static Command Create()
    {
        var command = new Command("claim", """
            Lease the next ready task to WORKER and print it in full: title, description, context, acceptance,
            files, attempt N of max, lease id and expiry, and what happened in earlier attempts.
            Exit 3 when no task is ready (after --wait). Example: baton claim --worker w1 --wait 110 --json (keep waits under your shell tool's time limit; claim again on exit 3)
            --capacity, --labels and --priority describe the worker (kept by the store; priority by the hub session).
            """);
        command.Options.Add(Worker);
        command.Options.Add(Wait);
        command.Options.Add(Lease);
        command.Options.Add(Capacity);
        command.Options.Add(Labels);
        command.Options.Add(Priority);
        command.SetAction((parseResult, ct) =>
        {
            var worker = VerbRunner.RequireWorker(parseResult, Worker, out var usage);
            if (worker is null)
            {
                return Task.FromResult(usage);
            }
            var capacity = parseResult.GetValue(Capacity);
            if (capacity is < 1)
            {
                return Task.FromResult(Output.Fail(ErrorCode.BadRequest, $"--capacity must be at least 1, got {capacity}", parseResult.GetValue(CommonOptions.Json)));
            }
            var labels = SplitLabels(parseResult.GetValue(Labels));
            var priority = parseResult.GetValue(Priority);
            var request = new ClaimRequest
            {
                Worker = worker.Value,
                Wait = parseResult.GetValue(Wait),
                Lease = parseResult.GetValue(Lease),
                Capacity = capacity,
                Labels = labels,
                Priority = priority,
            };
            var hello = new WorkerHello(capacity, labels, priority);
            return VerbRunner.RunAsync(parseResult, "worker", worker, hello, BatonSessionKind.Ephemeral, waits: request.Wait is not null, async (session, json) =>
            {
                var claimed = await ClaimAsync(session.Api, request, ct);
                return Output.Result(claimed, json, static () => BatonJsonContext.Default.Assignment, value => Output.Line(TaskText.Assignment(value, TimeProvider.System.GetUtcNow())));
            }, ct);
        });
        return command;
    }

    // A waiting claim on a finished plan would sit out its whole --wait for work only the engineer or new tasks can
    // bring. So when nothing is ready now, look at the plan before waiting: the API's waiting claim itself keeps
    // waiting (a coordinator may add tasks to a finished plan while its own clients wait).
    private static async Task<Result<Assignment>> ClaimAsync(IBatonApi api, ClaimRequest request, CancellationToken cancellationToken)
    {
        if (request.Wait is not { } wait || wait <= TimeSpan.Zero)
        {
            return await api.ClaimAsync(request, cancellationToken);
        }
        request = request with { RequestedAt = request.RequestedAt ?? TimeProvider.System.GetUtcNow() };
        var now = await api.ClaimAsync(request with { Wait = null }, cancellationToken);
        if (now.IsOk || now.Error.Code != ErrorCode.NoTask)
        {
            return now;
        }
        var status = await api.StatusAsync(cancellationToken);
        return status.IsOk && FinishedPlan.IsFinished(status.Value.Counts)
            ? Result<Assignment>.Fail(ErrorCode.NoTask, FinishedPlan.NoTaskMessage(status.Value.Counts))
            : await api.ClaimAsync(request, cancellationToken);
    }

    // null (not given) keeps what the store knows; "--labels ''" clears the labels.
    private static List<string>? SplitLabels(string[]? values)
        => values is null || values.Length == 0
            ? null
            : values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.Ordinal)
                .ToList();
}
