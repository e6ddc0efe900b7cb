using System.Collections.Concurrent;
using Baton.Client;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Cli.Tests.Crash;

/// <summary>A worker in the test process on a persistent <see cref="BatonClient"/>: claims, "works" a moment,
/// reports done, and records every report the hub acknowledged. Lost leases (the hub was down past their
/// expiry) and lost connections are part of the test, not failures.</summary>
internal sealed class CrashWorker(Uri hub, string token, string name, ConcurrentBag<(string Task, long Report, string Worker)> acknowledged)
{
    public int Lost { get; private set; }

    public async Task RunAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var worker = new WorkerId(name);
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions { Server = hub, Token = token, Worker = worker, RequestTimeout = TimeSpan.FromSeconds(60) }, cancellationToken);
        Assert.True(connected.IsOk, connected.Error?.Message);
        await using var client = connected.Value;
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            var claim = await client.ClaimAsync(new ClaimRequest { Worker = worker, Wait = TimeSpan.FromSeconds(1) }, cancellationToken);
            if (!claim.IsOk)
            {
                if (claim.Error.Code == ErrorCode.NoTask && await CompleteAsync(client, cancellationToken))
                {
                    return;
                }
                continue;
            }
#pragma warning disable CA5394 // Work time only spreads the workers out; it needs no secure randomness.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 120)), cancellationToken);
#pragma warning restore CA5394
            await ReportAsync(client, claim.Value, deadline, cancellationToken);
        }
        Assert.Fail($"{name} did not finish before the deadline");
    }

    private async Task ReportAsync(BatonClient client, Assignment assignment, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var request = new ReportRequest
        {
            TaskId = assignment.Task.Id,
            Worker = new WorkerId(name),
            Outcome = ReportOutcome.Done,
            Summary = $"{name} did {assignment.Task.Id}",
            LeaseId = assignment.Lease.Id,
            IdempotencyKey = $"{assignment.Task.Id}/{assignment.Lease.Id}",
        };
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            var report = await client.ReportAsync(request, cancellationToken);
            if (report.IsOk)
            {
                acknowledged.Add((assignment.Task.Id.Value, report.Value.Report.Id, name));
                return;
            }
            if (report.Error.Code is ErrorCode.LeaseExpired or ErrorCode.LeaseNotHeld)
            {
                Lost++;
                return;
            }
            // Unreachable or timed out: it may or may not have been applied; the same key makes a retry safe.
        }
    }

    private static async Task<bool> CompleteAsync(BatonClient client, CancellationToken cancellationToken)
    {
        var status = await client.StatusAsync(cancellationToken);
        return status.IsOk && status.Value.Complete;
    }
}
