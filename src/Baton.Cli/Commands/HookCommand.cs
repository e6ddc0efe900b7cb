using System.CommandLine;
using Baton.Cli.Hooks;
using Baton.Cli.Infrastructure;

namespace Baton.Cli.Commands;

/// <summary><c>baton hook stop</c>: the stop hook the instruction packs install for Claude Code, Codex and Cursor.</summary>
internal static class HookCommand
{
    private static readonly Option<string> Agent = CreateAgent();
    private static readonly Option<string?> Worker = CommonOptions.Worker();
    private static readonly Option<TimeSpan?> Wait = CommonOptions.Duration("--wait", "How long to wait for a task to become ready. Default 30s.");
    private static readonly Option<int> MaxBlocks = new("--max-blocks")
    {
        Description = "Reminders in a row about the same unreported task before the agent may stop anyway. Default 3.",
        DefaultValueFactory = _ => 3,
    };

    public static Command Create()
    {
        var stop = new Command("stop", """
            Run as an agent's stop hook (installed by 'baton init --agent claude|codex|cursor'). Reads the hook's JSON on
            stdin. For a worker (BATON_WORKER or --worker): holds a task -> tells it to report first; else claims the
            next task and hands it over as the next instruction (Claude, Codex: {"decision":"block","reason":...};
            Cursor: {"followup_message":...}); nothing ready or plan complete -> no output, the agent stops.
            Always exits 0. Not a worker (no name): does nothing.
            """);
        foreach (var option in new Option[] { Agent, Worker, Wait, MaxBlocks })
        {
            stop.Options.Add(option);
        }
        stop.SetAction(async (parseResult, ct) =>
        {
            var input = StopHookInput.Parse(await Console.In.ReadToEndAsync(ct));
            if (Environment.GetEnvironmentVariable("BATON_TASK_ID") is { Length: > 0 } managed)
            {
                // baton run started this agent for one task and decides what follows it (report, retry, next task):
                // a task the hook claimed here would be held by a process about to exit.
                return StopHook.Stop($"baton run manages this agent (task {managed}); it hands out the next task itself");
            }
            if (input.Unreadable)
            {
                // Without the input the hook cannot tell a fresh turn from a continuation it caused, so its loop guard
                // could never engage: let the agent stop rather than risk an endless loop.
                return StopHook.Stop("the hook input was not a JSON object; letting the agent stop");
            }
            var worker = CommonOptions.ResolveWorker(parseResult, Worker);
            if (worker is null)
            {
                return StopHook.Stop($"not a Baton worker ({CommonOptions.WorkerEnvironmentVariable} is not set)");
            }
            var opened = await Connector.OpenAsync(parseResult, "worker", worker, null, waits: true, ct);
            if (!opened.IsOk)
            {
                return StopHook.Stop(opened.Error.Message);
            }
            await using var session = opened.Value;
            var hook = new StopHook(parseResult.GetValue(Agent)!, worker.Value, parseResult.GetValue(Wait) ?? TimeSpan.FromSeconds(30), parseResult.GetValue(MaxBlocks));
            try
            {
                return await hook.RunAsync(session, input, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return StopHook.Stop($"internal error: {ex.GetType().Name}: {ex.Message}");
            }
        });
        var command = new Command("hook", "Agent hooks that 'baton init' installs (stop: hand a worker chat its next task).") { Hidden = true };
        command.Subcommands.Add(stop);
        return command;
    }

    private static Option<string> CreateAgent()
    {
        var option = new Option<string>("--agent") { Description = "Which agent calls the hook: claude, codex or cursor.", Required = true };
        option.AcceptOnlyFromAmong("claude", "cursor", "codex");
        return option;
    }
}
