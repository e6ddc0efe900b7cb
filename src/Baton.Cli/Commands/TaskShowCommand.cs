using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Cli.Rendering;
using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Cli.Commands;

/// <summary><c>baton task show ID</c>: one task with its attempts, reports and events.</summary>
internal static class TaskShowCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "The task's id." };

    public static Command Create()
    {
        var command = new Command("show", "Show one task in full: the task, its attempts, every report and its event history.");
        command.Arguments.Add(Id);
        command.SetAction((parseResult, ct) => VerbRunner.RunAsync(parseResult, "observer", null, waits: false, async (session, json) =>
        {
            var shown = await session.Api.ShowTaskAsync(new TaskId(parseResult.GetValue(Id)!), ct);
            return Output.Result(shown, json, static () => BatonJsonContext.Default.TaskDetail, value => Output.Line(TaskText.Detail(value)));
        }, ct));
        return command;
    }
}
