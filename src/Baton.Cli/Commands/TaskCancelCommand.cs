using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Cli.Commands;

/// <summary><c>baton task cancel ID</c>.</summary>
internal static class TaskCancelCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "The task's id." };
    private static readonly Option<string?> Reason = new("--reason") { Description = "Why, kept in the task's history." };

    public static Command Create()
    {
        var command = new Command("cancel", "Cancel a task that is not finished; a live lease on it ends (the worker's report is then refused).");
        command.Arguments.Add(Id);
        command.Options.Add(Reason);
        command.SetAction((parseResult, ct) => VerbRunner.RunAsync(parseResult, "coordinator", null, waits: false, async (session, json) =>
        {
            var cancelled = await session.Api.CancelAsync(new TaskId(parseResult.GetValue(Id)!), parseResult.GetValue(Reason), ct);
            return Output.Result(cancelled, json, static () => BatonJsonContext.Default.TaskItem, value => Output.Line($"cancelled {value.Id}"));
        }, ct));
        return command;
    }
}
