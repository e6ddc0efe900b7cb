using System.Threading.Channels;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Hub.Logging;
using Baton.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Scheduling;

/// <summary>
/// Serves waiting claims fairly: first come, first served, one task to exactly one waiter. A single loop
/// owns the queue, so no lock guards it; new waiters and wake-ups arrive through channels. The store's
/// claim is what guarantees a single lease; this loop only decides who asks first.
/// </summary>
internal sealed class ClaimDispatcher : BackgroundService
{
    private readonly Channel<ClaimWaiter> _incoming = Channel.CreateBounded<ClaimWaiter>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    // A wake-up is a hint to look again; one pending hint is as good as many.
    private readonly Channel<bool> _pokes = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    // A file-system wake can arrive while another process is still writing its commit (inotify reports the
    // first write to the WAL and folds the rest into it), so after a store wake the dispatcher looks once
    // more a moment later. The safety poll bounds the damage of a wake that never comes (network mounts).
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan SafetyPoll = TimeSpan.FromSeconds(2);

    private readonly IBatonStore _store;
    private readonly LocalBaton _api;
    private readonly TimeProvider _time;
    private readonly ILogger<ClaimDispatcher> _logger;

    public ClaimDispatcher(IBatonStore store, LocalBaton api, TimeProvider time, ILogger<ClaimDispatcher> logger)
    {
        _store = store;
        _api = api;
        _time = time;
        _logger = logger;
    }

    /// <summary>Queues a waiting claim and returns its result: an assignment, no_task at the deadline, or
    /// cancellation when <paramref name="cancellationToken"/> fires first.</summary>
    public async Task<Result<Assignment>> ClaimAsync(ClaimRequest request, TimeSpan? wait, CancellationToken cancellationToken)
    {
        DateTimeOffset? deadline = wait is { } w ? _time.GetUtcNow() + w : null;
        var waiter = new ClaimWaiter(request with { Wait = null }, deadline, cancellationToken);
        using var registration = cancellationToken.Register(Poke);
        await _incoming.Writer.WriteAsync(waiter, cancellationToken);
        return await waiter.Completion;
    }

    /// <summary>Asks the loop to look at the store again (a lease expired, a worker was released).</summary>
    public void Poke() => _pokes.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = new List<ClaimWaiter>();
        var recheck = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                // Start watching the store before looking at it, so a commit during the round is not missed.
                var changed = _store.Changes.WaitAsync(round.Token);
                while (_incoming.Reader.TryRead(out var waiter))
                {
                    queue.Add(waiter);
                }
                while (_pokes.Reader.TryRead(out _))
                {
                }
                DropFinished(queue);
                try
                {
                    await AssignAsync(queue, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    HubLog.DispatchFailed(_logger, ex);
                }
                recheck = await WaitForWorkAsync(queue, changed, recheck, round, stoppingToken);
            }
        }
        finally
        {
            foreach (var waiter in queue)
            {
                waiter.Complete(Result<Assignment>.Fail(ErrorCode.HubUnreachable, "the hub is shutting down"));
            }
        }
    }

    /// <summary>Waits for a new waiter, a poke, a store change or a deadline; true when the store woke it.</summary>
    private async Task<bool> WaitForWorkAsync(List<ClaimWaiter> queue, Task changed, bool settling, CancellationTokenSource round, CancellationToken stoppingToken)
    {
        var waits = new List<Task>(4)
        {
            _incoming.Reader.WaitToReadAsync(round.Token).AsTask(),
            _pokes.Reader.WaitToReadAsync(round.Token).AsTask(),
        };
        if (queue.Count > 0)
        {
            waits.Add(changed);
            var delay = settling ? Settle : SafetyPoll;
            var next = queue.Min(w => w.Deadline ?? DateTimeOffset.MaxValue);
            if (next != DateTimeOffset.MaxValue && next - _time.GetUtcNow() < delay)
            {
                delay = next - _time.GetUtcNow();
            }
            waits.Add(Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, _time, round.Token));
        }
        var woke = await Task.WhenAny(waits);
        await round.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
        return woke == changed && !settling;
    }

    private void DropFinished(List<ClaimWaiter> queue)
    {
        var now = _time.GetUtcNow();
        queue.RemoveAll(waiter =>
        {
            if (waiter.CancellationToken.IsCancellationRequested)
            {
                waiter.Abandon();
                return true;
            }
            if (waiter.Deadline is { } deadline && deadline <= now)
            {
                waiter.Complete(Result<Assignment>.Fail(ErrorCode.NoTask, "no task became ready while waiting"));
                return true;
            }
            return false;
        });
    }

    private async Task AssignAsync(List<ClaimWaiter> queue, CancellationToken cancellationToken)
    {
        if (queue.Count == 0)
        {
            return;
        }
        var ready = await _store.ListTasksAsync(new TaskQuery { State = TaskState.Ready }, _time.GetUtcNow(), cancellationToken);
        var budget = ready.Count;
        HubLog.DispatchRound(_logger, queue.Count, budget);
        for (var i = 0; i < queue.Count && budget > 0; i++)
        {
            var waiter = queue[i];
            if (waiter.CancellationToken.IsCancellationRequested)
            {
                continue;
            }
            var result = await _api.ClaimAsync(waiter.Request, cancellationToken);
            if (!result.IsOk && result.Error.Code == ErrorCode.NoTask)
            {
                // This worker's labels or capacity rule the task out; the next waiter may take it.
                continue;
            }
            queue.RemoveAt(i--);
            if (result.IsOk)
            {
                budget--;
                if (waiter.CancellationToken.IsCancellationRequested)
                {
                    await GiveBackAsync(waiter, result.Value, cancellationToken);
                    waiter.Abandon();
                    continue;
                }
                HubLog.Assigned(_logger, result.Value.Task.Id.Value, waiter.Request.Worker.Value);
            }
            waiter.Complete(result);
        }
    }

    // The caller went away between the claim and its delivery: nobody will work on the task.
    private async Task GiveBackAsync(ClaimWaiter waiter, Assignment assignment, CancellationToken cancellationToken)
    {
        var release = new ReleaseRequest
        {
            TaskId = assignment.Task.Id,
            Worker = waiter.Request.Worker,
            Reason = "the worker left before the task was delivered",
        };
        await _store.ReleaseAsync(release, _time.GetUtcNow(), cancellationToken);
        HubLog.UndeliveredReleased(_logger, waiter.Request.Worker.Value, assignment.Task.Id.Value);
    }
}
