using System.Diagnostics;
using Baton.Cli.Infrastructure;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Cli.Demo;

/// <summary>
/// A scripted worker: claims through the real API, summarizes the task's context files into its first
/// <c>files</c> entry, heartbeats, reports done, and claims again until the plan is complete.
/// </summary>
internal sealed class DemoWorker(IBatonApi api, WorkerId worker, string repository, TimeSpan workTime)
{
    private static readonly TimeSpan ClaimWait = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan GiveUpWhenIdle = TimeSpan.FromSeconds(20);

    private readonly List<double> _handoffMs = [];

    public async Task<Result<DemoWorkerStats>> RunAsync(CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var idleSince = Stopwatch.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await StepAsync(time, idleSince, cancellationToken) is { } step)
                {
                    if (step.Stop is { } stop)
                    {
                        return stop;
                    }
                    idleSince = step.Worked ? Stopwatch.GetTimestamp() : idleSince;
                    continue;
                }
                break;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A request the client gave up on while the hub was down or restarting: the client reconnects on
                // its own; this worker looks again (bounded by GiveUpWhenIdle).
                if (Stopwatch.GetElapsedTime(idleSince) > GiveUpWhenIdle)
                {
                    break;
                }
            }
        }
        return new DemoWorkerStats { Worker = worker.Value, Done = _handoffMs.Count, HandoffMs = _handoffMs };
    }

    private sealed record Step(bool Worked, Result<DemoWorkerStats>? Stop);

    // One look-claim-work round; null when the worker should stop (plan complete, or idle too long).
    private async Task<Step?> StepAsync(TimeProvider time, long idleSince, CancellationToken cancellationToken)
    {
        {
            var status = await api.StatusAsync(cancellationToken);
            if (!status.IsOk)
            {
                return new Step(false, Result<DemoWorkerStats>.Fail(status.Error));
            }
            if (status.Value.Complete || Stopwatch.GetElapsedTime(idleSince) > GiveUpWhenIdle)
            {
                return null;
            }
            var sentAt = time.GetUtcNow();
            var claimed = await api.ClaimAsync(new ClaimRequest { Worker = worker, Wait = ClaimWait }, cancellationToken);
            if (!claimed.IsOk)
            {
                return claimed.Error.Code == ErrorCode.NoTask
                    ? new Step(false, null)
                    : new Step(false, Result<DemoWorkerStats>.Fail(claimed.Error));
            }
            var receivedAt = time.GetUtcNow();
            var from = claimed.Value.Task.CreatedAt > sentAt ? claimed.Value.Task.CreatedAt : sentAt;
            _handoffMs.Add(Math.Max(0, (receivedAt - from).TotalMilliseconds));
            var done = await DoAsync(claimed.Value, cancellationToken);
            if (!done.IsOk && done.Error.Code is not (ErrorCode.LeaseExpired or ErrorCode.LeaseNotHeld))
            {
                return new Step(true, Result<DemoWorkerStats>.Fail(done.Error));
            }
            // A lease lost meanwhile (e.g. the hub was down past its expiry): the task went back to the queue
            // and someone else finishes it; this worker carries on.
            return new Step(true, null);
        }
    }

    private async Task<Result<ReportResult>> DoAsync(Assignment assignment, CancellationToken cancellationToken)
    {
        var task = assignment.Task;
        var target = task.Files.Count > 0 ? task.Files[0] : $"summaries/{task.Id}.md";
        var lines = new List<string> { $"# Summary by {worker}", "" };
        foreach (var source in task.ContextFiles)
        {
            var text = await File.ReadAllTextAsync(Path.Combine(repository, source), cancellationToken);
            var textLines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            lines.Add($"- {source}: {textLines.Length} lines, {words} words; first line: \"{textLines.FirstOrDefault()?.Trim()}\"");
        }
        var path = Path.Combine(repository, target);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n", cancellationToken);
        if (workTime > TimeSpan.Zero)
        {
            await Task.Delay(workTime, TimeProvider.System, cancellationToken);
        }

        var beat = await api.HeartbeatAsync(new HeartbeatRequest { Worker = worker, Task = task.Id, Note = $"wrote {target}" }, cancellationToken);
        if (!beat.IsOk)
        {
            return Result<ReportResult>.Fail(beat.Error);
        }
        return await api.ReportAsync(new ReportRequest
        {
            TaskId = task.Id,
            Worker = worker,
            Outcome = ReportOutcome.Done,
            Summary = $"summarized {string.Join(", ", task.ContextFiles)} into {target}",
            Files = [target],
            ContextScore = 5,
            LeaseId = assignment.Lease.Id,
            IdempotencyKey = $"{task.Id}/{assignment.Lease.Id}",
        }, cancellationToken);
    }
}
