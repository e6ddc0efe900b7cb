using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Cli.Run;

internal sealed partial class RunWorker
{
    // How long an idle worker waits for the store to change before it looks again. Any change ends the wait at
    // once (the hub answers the read as soon as an event is appended), so this bounds only a wait that nothing ends.
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(30);

    // When the event feed cannot be read: a waiting claim, which the hub answers when a task becomes ready.
    private static readonly TimeSpan FallbackClaimWait = TimeSpan.FromSeconds(2);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (await NextAssignmentAsync(cancellationToken) is { } assignment)
        {
            await WorkOnAsync(assignment, cancellationToken);
        }
    }

    /// <summary>
    /// The next task for this worker; null when it should stop (nothing ready and nothing being worked on, or the
    /// hub refused). An idle worker does not sit in a waiting claim: that ends only when a task becomes ready, so when
    /// the last running tasks end done, every idle worker would wait its claim out before it saw the run was over
    /// (2 s a run, most of <c>baton run</c>'s overhead on short tasks). It waits on the event feed instead, which any
    /// transition ends (a task ready, done, failed, released, expired or checked), and abandoning a read leases nothing.
    /// </summary>
    private async Task<Assignment?> NextAssignmentAsync(CancellationToken cancellationToken)
    {
        if (_next is { } leased)
        {
            // Even when interrupted: WorkOnAsync gives a task back when it is cancelled, so this lease is not left behind.
            _next = null;
            return leased;
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            var claimed = await ClaimAsync(null, cancellationToken);
            if (!claimed.NoTask)
            {
                return claimed.Assignment;
            }
            var status = await api.StatusAsync(cancellationToken);
            Mark("-", "status");
            if (!status.IsOk)
            {
                View.Line($"{tally.Worker} stops: {status.Error.Message}");
                return null;
            }
            if (NothingLeft(status.Value))
            {
                return null;
            }
            // A task that became ready between the claim and the snapshot has its event at or before the snapshot's
            // last one, where the wait below does not look: claim once more first.
            claimed = await ClaimAsync(null, cancellationToken);
            if (!claimed.NoTask)
            {
                return claimed.Assignment;
            }
            var changed = await api.ReadEventsAsync(status.Value.LastEventId, 1, IdleWait, cancellationToken);
            Mark("-", "idle");
            if (!changed.IsOk)
            {
                claimed = await ClaimAsync(FallbackClaimWait, cancellationToken);
                if (!claimed.NoTask)
                {
                    return claimed.Assignment;
                }
            }
        }
        return null;
    }

    /// <summary>The task claimed; or none, with <c>NoTask</c> when none was ready (else the hub refused: stop).</summary>
    private async Task<(Assignment? Assignment, bool NoTask)> ClaimAsync(TimeSpan? wait, CancellationToken cancellationToken)
    {
        var claimed = await api.ClaimAsync(new ClaimRequest { Worker = Worker, Wait = wait }, cancellationToken);
        Mark(claimed.IsOk ? claimed.Value.Task.Id.Value : "-", claimed.IsOk ? "claim" : "claim-none");
        if (claimed.IsOk)
        {
            return (claimed.Value, false);
        }
        if (claimed.Error.Code == ErrorCode.NoTask)
        {
            return (null, true);
        }
        View.Line($"{tally.Worker} stops: {claimed.Error.Message}");
        return (null, false);
    }

    /// <summary>Nothing ready and nobody working: what is left (pending behind an escalated task) cannot start.</summary>
    private static bool NothingLeft(StatusSnapshot status)
    {
        int Count(TaskState state) => status.Counts.TryGetValue(state.ToWire(), out var n) ? n : 0;
        return Count(TaskState.Ready) + Count(TaskState.Leased) + Count(TaskState.Checking) == 0;
    }
}
