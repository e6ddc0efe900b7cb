using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Cli.Rendering;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Cli.Commands;

/// <summary><c>baton task list</c>: tasks in plan order, as a compact table or JSON.</summary>
internal static class TaskListCommand
{
    private static readonly Option<string?> State = new("--state")
    {
        Description = "Only tasks in this state: pending, ready, leased, checking, done, failed, cancelled, escalated.",
        HelpName = "state",
    };

    private static readonly Option<bool> Ready = new("--ready") { Description = "Only tasks that can be claimed now." };

    public static Command Create()
    {
        var command = new Command("list", "List tasks in plan order: id, state, priority, worker, attempts, title.");
        command.Options.Add(State);
        command.Options.Add(Ready);
        command.SetAction((parseResult, ct) =>
        {
            var json = parseResult.GetValue(CommonOptions.Json);
            TaskState? state = null;
            if (parseResult.GetValue(State) is { } text)
            {
                if (!TaskStates.TryParse(text, out var parsed))
                {
                    return Task.FromResult(Output.Fail(ErrorCode.BadRequest,
                        $"--state: '{text}' is not a state ({string.Join(", ", TaskStates.All.Select(s => s.ToWire()))})", json));
                }
                state = parsed;
            }
            var query = new TaskQuery { State = state, ReadyOnly = parseResult.GetValue(Ready) };
            return VerbRunner.RunAsync(parseResult, "observer", null, waits: false, async (session, _) =>
            {
                var listed = await session.Api.ListTasksAsync(query, ct);
                if (!listed.IsOk)
                {
                    return Output.Fail(listed.Error, json);
                }
                if (json)
                {
                    Output.JsonList("tasks", listed.Value, BatonJsonContext.Default.TaskItem);
                }
                else
                {
                    Output.Line(TaskText.Table(listed.Value));
                }
                return 0;
            }, ct);
        });
        return command;
    }
}
