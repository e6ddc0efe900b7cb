using System.Collections.Concurrent;
using Baton.Client;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Scale.Tests.Support;

/// <summary>
/// A worker as an agent would run one, through a real <see cref="BatonClient"/>: claim (waiting), report done with the
/// next claim in the same request (<c>report --next</c>), again, until told to stop. Every acknowledged report goes
/// into the <see cref="AckLedger"/>. Errors that say the hub or its database is away for a moment (the connection
/// dropped with the request in flight, <c>internal_error</c>, <c>timeout</c>) are retried with the same idempotency
/// key, and counted; anything else is a problem for the ledger.
/// </summary>
internal sealed class ScaleWorker(BatonClient client, AckLedger ledger)
{
    // Long enough that a waiting claim is rarely answered no_task while work remains; short enough that a worker
    // notices it should stop without being cancelled.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    private readonly WorkerId _worker = client.Worker ?? throw new ArgumentException("a worker client needs a worker name", nameof(client));
    private readonly ConcurrentDictionary<ErrorCode, int> _retried = new();

    public string Name => _worker.Value;

    public BatonClient Client => client;

    /// <summary>Transient errors retried, by code.</summary>
    public IReadOnlyDictionary<ErrorCode, int> Retried => _retried;

    /// <summary>Reports acknowledged to this worker.</summary>
    public int Done { get; private set; }


    /// <summary>Whether the worker ended because its connection closed for good (a worker with no hub to move to).</summary>
    public bool Gone { get; private set; }

    /// <summary>The task it held when it was <see cref="Gone"/>, if any (its lease is for the hubs to release).</summary>
    public string? HeldWhenGone { get; private set; }

    /// <summary>Works until <paramref name="stop"/> is cancelled, or its client's connection is closed for good (then
    /// returns normally).</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        Assignment? held = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (client.State == BatonConnectionState.Closed)
                {
                    // A worker without fallbacks dies with its hub, holding whatever it held.
                    Gone = true;
                    HeldWhenGone = held?.Task.Id.Value;
                    return;
                }
                held ??= await ClaimAsync(stop);
                if (held is not null)
                {
                    held = await ReportAsync(held, stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Told to stop while waiting for work: every task is done.
        }
    }

    private async Task<Assignment?> ClaimAsync(CancellationToken stop)
    {
        var claim = await client.ClaimAsync(new ClaimRequest { Worker = _worker, Wait = Wait }, stop);
        if (claim.IsOk)
        {
            return claim.Value;
        }
        if (claim.Error.Code != ErrorCode.NoTask)
        {
            await TransientOrProblemAsync(claim.Error, "claim", stop);
        }
        return null;
    }

    // Reports the held task done and asks for the next one; returns the next assignment, or null.
    private async Task<Assignment?> ReportAsync(Assignment held, CancellationToken stop)
    {
        var request = new ReportRequest
        {
            TaskId = held.Task.Id,
            Worker = _worker,
            LeaseId = held.Lease.Id,
            Outcome = ReportOutcome.Done,
            Summary = "done by " + _worker.Value,
            // One key per lease: a retry after a lost reply is the same report, applied once.
            IdempotencyKey = "r-" + held.Lease.Id.Value,
            Next = new ClaimRequest { Worker = _worker, Wait = Wait },
        };
        while (true)
        {
            var report = await client.ReportAsync(request, stop);
            if (report.IsOk)
            {
                ledger.Acknowledge(held.Task.Id.Value, _worker.Value, held.Lease.Id.Value, report.Value.Replayed);
                Done++;
                return report.Value.Next;
            }
            if (!await TransientOrProblemAsync(report.Error, "report on " + held.Task.Id.Value, stop))
            {
                // Gone with its hub, it still holds the task as far as it knows; refused, it holds nothing.
                return client.State == BatonConnectionState.Closed ? held : null;
            }
        }
    }

    // True (after a pause) when the error is one to retry; otherwise records it and returns false.
    private async Task<bool> TransientOrProblemAsync(BatonError error, string what, CancellationToken stop)
    {
        if (error.Code == ErrorCode.HubUnreachable && client.State == BatonConnectionState.Closed)
        {
            // Its hub is gone and it has nowhere to go: whatever it was doing is for the hubs to clean up.
            return false;
        }
        if (error.Code is ErrorCode.HubUnreachable or ErrorCode.InternalError or ErrorCode.Timeout)
        {
            _retried.AddOrUpdate(error.Code, 1, (_, n) => n + 1);
            await Task.Delay(RetryPause, stop);
            return true;
        }
        ledger.Problem($"{_worker.Value}: {what} refused with {error.Code}: {error.Message}");
        return false;
    }
}
