using System.Text.Json.Nodes;
using Baton.Cli.Infrastructure;
using Baton.Cli.Rendering;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Cli.Hooks;

/// <summary>
/// <c>baton hook stop</c>: when a worker chat's turn ends, hand it its next instruction so it keeps going through
/// the plan with no engineer prompt. It holds a task -> "report it first"; otherwise it claims the next task and
/// hands it over in full; nothing ready or the plan complete -> the agent may stop. Whatever goes wrong, the hook
/// exits 0 and lets the agent stop (saying why on stderr): a broken hook must never wedge a chat.
/// </summary>
internal sealed class StopHook(string agent, WorkerId worker, TimeSpan wait, int maxBlocks)
{
    public async Task<int> RunAsync(BatonSession session, StopHookInput input, CancellationToken cancellationToken)
    {
        if (input.Status is "aborted" or "error")
        {
            return Stop($"the turn ended with status '{input.Status}'; not handing out work");
        }
        var statePath = StopHookState.PathFor(worker.Value, input.Session);
        // A fresh turn (the user spoke) starts the no-progress count again.
        var state = input.Continued ? StopHookState.Load(statePath) : new StopHookState(null, 0);

        var leased = await session.Api.ListTasksAsync(new TaskQuery { State = TaskState.Leased }, cancellationToken);
        if (!leased.IsOk)
        {
            return Stop($"cannot read tasks: {leased.Error.Message}");
        }
        if (leased.Value.FirstOrDefault(t => t.CurrentLease?.Worker == worker) is { } held)
        {
            var blocks = state.Task == held.Id.Value ? state.Blocks + 1 : 1;
            if (input.Continued && blocks > maxBlocks)
            {
                new StopHookState(held.Id.Value, blocks).Save(statePath);
                return Stop($"{worker} still holds {held.Id} after {maxBlocks} reminders with no report; letting the agent stop");
            }
            new StopHookState(held.Id.Value, blocks).Save(statePath);
            return Continue($"""
                You still hold Baton task {held.Id} ({held.Title}); `baton task show {held.Id}` prints it in full.
                Finish it, then report it before doing anything else:
                  baton report {held.Id} --worker {worker} --outcome done --summary "what you did" --files PATH --context-score 1-5
                Use --outcome failed if you could not do it, or --outcome blocked if a human must decide (say which decision).
                If you cannot go on at all: baton release {held.Id} --worker {worker} --reason "why".
                """);
        }

        var claimed = await session.Api.ClaimAsync(new ClaimRequest { Worker = worker, Wait = wait }, cancellationToken);
        if (claimed.IsOk)
        {
            new StopHookState(claimed.Value.Task.Id.Value, 0).Save(statePath);
            return Continue($"""
                Baton handed you your next task. Do it now: read the context files first, change only the files it allows,
                meet every acceptance criterion, heartbeat during long work, then report it with the command at the end.

                {TaskText.Assignment(claimed.Value, TimeProvider.System.GetUtcNow())}
                """);
        }
        if (claimed.Error.Code != ErrorCode.NoTask)
        {
            return Stop($"cannot claim: {claimed.Error.Message}");
        }
        var status = await session.Api.StatusAsync(cancellationToken);
        return status.IsOk && status.Value.Complete
            ? Stop($"the plan is complete; nothing left for {worker}")
            : Stop($"nothing ready for {worker} within {ShortDuration.Format(wait)}; "
                + $"to wait longer run 'baton claim --worker {worker} --wait 110'");
    }

    /// <summary>Lets the agent stop: no output, exit 0; the reason goes to stderr (Claude shows it in verbose mode).</summary>
    public static int Stop(string reason)
    {
        Output.Note($"hook stop: {reason}");
        return 0;
    }

    /// <summary>Keeps the agent going with <paramref name="instruction"/> as its next prompt.</summary>
    private int Continue(string instruction)
    {
        var reply = agent == "cursor"
            ? new JsonObject { ["followup_message"] = instruction }
            : new JsonObject { ["decision"] = "block", ["reason"] = instruction };
        Console.Out.WriteLine(reply.ToJsonString());
        return 0;
    }
}
