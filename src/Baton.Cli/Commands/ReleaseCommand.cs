using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Core.Api;
using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Cli.Commands;

/// <summary><c>baton release ID</c>: give a task back on purpose.</summary>
internal static class ReleaseCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "The task's id." };
    private static readonly Option<string?> Worker = CommonOptions.Worker();
    private static readonly Option<string?> Reason = new("--reason") { Description = "Why, for the next worker." };

    public static Command Create()
    {
        var command = new Command("release", """
            Give a leased task back to ready so another worker can take it (the attempt is counted).
            Example: baton release T1 --worker w1 --reason "needs a GPU"
            """);
        command.Arguments.Add(Id);
        command.Options.Add(Worker);
        command.Options.Add(Reason);
        command.SetAction((parseResult, ct) =>
        {
            var worker = VerbRunner.RequireWorker(parseResult, Worker, out var usage);
            if (worker is null)
            {
                return Task.FromResult(usage);
            }
            var request = new ReleaseRequest { TaskId = new TaskId(parseResult.GetValue(Id)!), Worker = worker.Value, Reason = parseResult.GetValue(Reason) };
            return VerbRunner.RunAsync(parseResult, "worker", worker, waits: false, async (session, json) =>
            {
                var released = await session.Api.ReleaseAsync(request, ct);
                return Output.Result(released, json, static () => BatonJsonContext.Default.TaskItem, value => Output.Line($"released {value.Id}; task is now {value.State.ToWire()}"));
            }, ct);
        });
        return command;
    }
}
