using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Core.Api;
using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Cli.Commands;

/// <summary><c>baton heartbeat</c>: the worker is alive; renew its leases.</summary>
internal static class HeartbeatCommand
{
    private static readonly Option<string?> Worker = CommonOptions.Worker();
    private static readonly Option<string?> TaskOption = new("--task") { Description = "Renew only this task's lease (default: all of the worker's leases)." };
    private static readonly Option<string?> Note = new("--note") { Description = "Progress so far; the next worker sees it if this attempt is lost." };
    private static readonly Option<TimeSpan?> Lease = CommonOptions.Duration("--lease", "New lease length from now (default: the lease's own length).");

    public static Command Create()
    {
        var command = new Command("heartbeat", """
            Renew WORKER's leases so its tasks are not reassigned. Call it every few minutes during long work.
            Exit 4 when the worker holds no live lease (e.g. it expired and the task was reassigned).
            Example: baton heartbeat --worker w1 --note "tests written, fixing the parser"
            """);
        command.Options.Add(Worker);
        command.Options.Add(TaskOption);
        command.Options.Add(Note);
        command.Options.Add(Lease);
        command.SetAction((parseResult, ct) =>
        {
            var worker = VerbRunner.RequireWorker(parseResult, Worker, out var usage);
            if (worker is null)
            {
                return Task.FromResult(usage);
            }
            var request = new HeartbeatRequest
            {
                Worker = worker.Value,
                Task = parseResult.GetValue(TaskOption) is { } id ? new TaskId(id) : null,
                Note = parseResult.GetValue(Note),
                Lease = parseResult.GetValue(Lease),
            };
            return VerbRunner.RunAsync(parseResult, "worker", worker, waits: false, async (session, json) =>
            {
                var renewed = await session.Api.HeartbeatAsync(request, ct);
                if (!renewed.IsOk)
                {
                    return Output.Fail(renewed.Error, json);
                }
                if (json)
                {
                    Output.Json(renewed.Value, BatonJsonContext.Default.HeartbeatResult);
                    return 0;
                }
                if (renewed.Value.Renewed.Count == 0)
                {
                    Output.Line($"{worker}: alive; holds no lease");
                }
                foreach (var lease in renewed.Value.Renewed)
                {
                    Output.Line($"renewed {lease.TaskId} (lease {lease.LeaseId}) until {lease.ExpiresAt:u}");
                }
                return 0;
            }, ct);
        });
        return command;
    }
}
