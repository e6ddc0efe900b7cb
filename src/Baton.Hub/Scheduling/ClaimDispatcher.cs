using System.Collections.Concurrent;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Scheduling;
using Baton.Core.Tasks;
using Baton.Hub.Logging;
using Baton.Service;
using Baton.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Scheduling;

/// <summary>
/// Serves waiting claims in the order the hub's <see cref="AssignmentPolicy"/> gives (docs/scheduling.md),
/// one task to exactly one waiter. A single loop owns the queue, so no lock guards it; new waiters arrive
/// through a concurrent queue, and they and other wake-ups complete the loop's wake-up task. The store's claim
/// is what guarantees a single lease; this loop only decides who asks first.
/// </summary>
/// <remarks>
/// The loop sleeps on one wake-up task per round (<see cref="Wake"/>), the store's change feed, the standing
/// claim's settlement and a timer, none of which is cancelled with an exception: a round used to wait on two
/// channel reads that were cancelled when another of its waits finished, and each cancelled read threw an
/// <see cref="OperationCanceledException"/> inside the runtime, two per round, a few per handoff.
/// </remarks>
internal sealed class ClaimDispatcher : BackgroundService
{
    private readonly ConcurrentQueue<ClaimWaiter> _incoming = new();

    // The loop's wake-up for this round: a new waiter, a poke (a hint to look again; one pending hint is as good
    // as many) or the hub stopping completes it. The loop puts a fresh one in place before it takes the new
    // waiters, so a waiter queued after that look completes the task the loop then sleeps on.
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopped;

    private static readonly Result<Assignment> ShuttingDown = Result<Assignment>.Fail(ErrorCode.HubUnreachable, "the hub is shutting down");

    // A file-system wake can arrive while another process is still writing its commit (inotify reports the
    // first write to the WAL and folds the rest into it), so after a store wake the dispatcher looks once
    // more a moment later. The safety poll bounds the damage of a wake that never comes (network mounts).
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan SafetyPoll = TimeSpan.FromSeconds(2);

    private readonly IBatonStore _store;
    private readonly LocalBaton _api;
    private readonly TimeProvider _time;
    private readonly AssignmentPolicy _policy;
    private readonly Baton.Core.Limits.FieldLimits _limits;
    private readonly ILogger<ClaimDispatcher> _logger;
    private long _arrivals;
    private int _waiting;

    // Owned by the dispatcher loop: the worker the last task went to (round-robin starts after it).
    private WorkerId? _lastServed;

    // Owned by the dispatcher loop: the claim of the waiter first in line, left with the store between
    // rounds so the transaction that makes a task ready also leases it (one commit per handoff).
    private StandingClaim? _offer;
    private ClaimWaiter? _offered;

    // Owned by the dispatcher loop: the workers' loads last read, and when. The standing claim's order may
    // use loads up to OfferLoadsAge old, so a busy hub does not read every worker on every round for it.
    private static readonly TimeSpan OfferLoadsAge = TimeSpan.FromSeconds(1);
    private Dictionary<WorkerId, (int Leases, int Done)>? _loads;
    private DateTimeOffset _loadsAt;

    public ClaimDispatcher(IBatonStore store, LocalBaton api, HubOptions options, ILogger<ClaimDispatcher> logger)
    {
        _store = store;
        _api = api;
        _time = options.Time;
        _policy = options.Policy;
        _limits = options.Limits.Fields;
        _logger = logger;
    }

    /// <summary>Queues a waiting claim and returns its result: an assignment, no_task at the deadline, or
    /// cancellation when <paramref name="cancellationToken"/> fires first.</summary>
    public async Task<Result<Assignment>> ClaimAsync(ClaimRequest request, TimeSpan? wait, CancellationToken cancellationToken)
    {
        if (Baton.Core.Limits.RequestFields.Claim(request with { Wait = wait }, _limits) is { } refused)
        {
            return Result<Assignment>.Fail(refused);
        }
        DateTimeOffset? deadline = wait is { } w ? _time.GetUtcNow() + w : null;
        var waiter = new ClaimWaiter(request with { Wait = null }, deadline, Interlocked.Increment(ref _arrivals), cancellationToken);
        using var registration = cancellationToken.Register(Poke);
        Interlocked.Increment(ref _waiting);
        try
        {
            _incoming.Enqueue(waiter);
            Wake();
            if (_stopped)
            {
                // The loop has ended (it may have taken this waiter's queue already): nobody else answers it.
                FailQueued();
            }
            return await waiter.Completion;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>
    /// A report that may also take the reporter's next task (<see cref="ReportRequest.Next"/>, whose
    /// <see cref="ClaimRequest.Wait"/> says how long it may wait for one). The next task comes in the report's own
    /// commit, unless other workers already wait here and this one is willing to wait too: then it joins their
    /// queue, in policy order. When none came in the commit and it may wait, it waits here like a claim.
    /// </summary>
    public async Task<Result<ReportResult>> ReportAsync(IBatonApi api, ReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(request);
        var next = request.Next is { } asked ? asked with { Worker = request.Worker, Wait = null } : null;
        var wait = request.Next?.Wait is { } w && w > TimeSpan.Zero ? w : (TimeSpan?)null;
        var queue = next is not null && wait is not null && HasWaiters;
        var reported = await api.ReportAsync(request with { Next = queue ? null : next }, cancellationToken);
        if (reported.IsOk && next is not null && wait is not null && reported.Value.Next is null)
        {
            reported = reported.Value.WithNext(await ClaimAsync(next, wait, cancellationToken));
        }
        return reported;
    }

    /// <summary>True while waiting claims are queued (read without a lock: a hint, not a promise).</summary>
    public bool HasWaiters => Volatile.Read(ref _waiting) > 0;

    /// <summary>Asks the loop to look at the store again (a lease expired, a worker was released).</summary>
    public void Poke() => Wake();

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    private void FailQueued()
    {
        while (_incoming.TryDequeue(out var waiter))
        {
            waiter.Complete(ShuttingDown);
        }
    }

    /// <summary>Stops the loop; waiters still queued, and any that come later, are answered hub_unreachable.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The loop has ended, or never ran: a host stopped before the loop's first step cancels it unstarted
        // (.NET 10 starts it through Task.Run), and then its own cleanup never runs. So the queue is answered here.
        _stopped = true;
        FailQueued();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = new List<ClaimWaiter>();
        var recheck = false;
        using var stopping = stoppingToken.Register(Wake);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Start watching the store before looking at it, so a commit during the round is not missed; and
                // arm the wake-up before taking the new waiters, so one queued after that is not missed either.
                var changed = _store.Changes.Next;
                var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _wake, wake);
                while (_incoming.TryDequeue(out var waiter))
                {
                    queue.Add(waiter);
                }
                try
                {
                    // The offer is taken back before the round, so no waiter is served twice.
                    await SettleOfferAsync(queue, stoppingToken);
                    DropFinished(queue);
                    await AssignAsync(queue, stoppingToken);
                    await OfferAsync(queue, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    HubLog.DispatchFailed(_logger, ex);
                }
                recheck = await WaitForWorkAsync(queue, wake.Task, changed, recheck, stoppingToken);
            }
        }
        finally
        {
            // The waiters still queued for the loop are StopAsync's to answer; those the loop took are answered here.
            // A lease the store makes for it after this is not delivered; it expires and the task goes back.
            _offer?.Withdraw();
            foreach (var waiter in queue)
            {
                waiter.Complete(ShuttingDown);
            }
        }
    }

    /// <summary>Waits for a new waiter, a poke, a store change or a deadline; true when the store woke it.
    /// Of the tasks it waits on only the timer is cancelled afterwards, which completes it without throwing.</summary>
    private async Task<bool> WaitForWorkAsync(List<ClaimWaiter> queue, Task wake, Task changed, bool settling, CancellationToken stoppingToken)
    {
        var waits = new List<Task>(4) { wake };
        if (_offer is not null)
        {
            waits.Add(_offer.Settled);
        }
        CancellationTokenSource? timer = null;
        if (queue.Count > 0)
        {
            waits.Add(changed);
            var delay = settling ? Settle : SafetyPoll;
            var next = queue.Min(w => w.Deadline ?? DateTimeOffset.MaxValue);
            if (next != DateTimeOffset.MaxValue && next - _time.GetUtcNow() < delay)
            {
                delay = next - _time.GetUtcNow();
            }
            timer = new CancellationTokenSource();
            waits.Add(Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, _time, timer.Token));
        }
        var woke = await Task.WhenAny(waits);
        if (timer is not null)
        {
            await timer.CancelAsync();
            timer.Dispose();
        }
        stoppingToken.ThrowIfCancellationRequested();
        return woke == changed && !settling;
    }

    // Takes the standing claim back; when the store already leased a task for it, serves its waiter with it.
    private async Task SettleOfferAsync(List<ClaimWaiter> queue, CancellationToken cancellationToken)
    {
        if (_offer is not { } offer || _offered is not { } waiter)
        {
            return;
        }
        offer.Withdraw();
        var leased = await offer.Settled;
        (_offer, _offered) = (null, null);
        if (leased is null)
        {
            return;
        }
        queue.Remove(waiter);
        Served(waiter, queue, [], _loads ?? []);
        // A waiter that left first gets abandoned here instead, and its task given back.
        if (waiter.CancellationToken.IsCancellationRequested && waiter.Abandon())
        {
            await GiveBackAsync(waiter, leased, cancellationToken);
            return;
        }
        HubLog.Assigned(_logger, leased.Task.Id.Value, waiter.Request.Worker.Value);
        waiter.Complete(Result<Assignment>.Ok(leased));
    }

    // Leaves the claim of the waiter the policy puts first with the store until the next round.
    private async Task OfferAsync(List<ClaimWaiter> queue, CancellationToken cancellationToken)
    {
        var candidates = queue.Where(w => !w.CancellationToken.IsCancellationRequested).ToList();
        if (candidates.Count == 0)
        {
            return;
        }
        var loads = _loads is { } recent && _time.GetUtcNow() - _loadsAt < OfferLoadsAge
            ? recent
            : await LoadsAsync(candidates, cancellationToken);
        var first = WaiterOrder.Order(_policy, candidates.Select(w => Candidate(w, loads)).ToList(), _lastServed)[0];
        var waiter = candidates[first];
        _offer = _api.OfferClaim(waiter.Request);
        _offered = _offer is null ? null : waiter;
        if (_offer is not null)
        {
            // The waiter is answered by this loop once the offer is settled (it wakes on Settled): answering it on the
            // thread that settled the commit spared a hop, but made no difference the handoff could show (docs/threading.md).
            _offer.Actor = waiter.Actor;
        }
    }

    private void DropFinished(List<ClaimWaiter> queue)
    {
        var now = _time.GetUtcNow();
        queue.RemoveAll(waiter =>
        {
            if (waiter.CancellationToken.IsCancellationRequested)
            {
                if (waiter.Abandon())
                {
                    HubLog.ClaimAbandoned(_logger, waiter.Request.Worker.Value);
                }
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

    // One round: while tasks are ready, ask the policy for the order of the waiters, offer the task down that
    // order and stop at the first waiter the store gives one to; then ask again with that worker's load
    // updated. A waiter whose labels or capacity rule out every ready task is not asked again this round.
    private async Task AssignAsync(List<ClaimWaiter> queue, CancellationToken cancellationToken)
    {
        if (queue.Count == 0)
        {
            return;
        }
        // At most one task per waiter this round, so counting further than the queue is wasted work.
        var budget = await _store.CountReadyAsync(queue.Count, _time.GetUtcNow(), cancellationToken);
        HubLog.DispatchRound(_logger, queue.Count, budget);
        if (budget == 0)
        {
            return;
        }
        var loads = await LoadsAsync(queue, cancellationToken);
        var passed = new HashSet<ClaimWaiter>();
        while (budget > 0)
        {
            var candidates = queue.Where(w => !passed.Contains(w) && !w.CancellationToken.IsCancellationRequested).ToList();
            if (candidates.Count == 0)
            {
                return;
            }
            var served = false;
            foreach (var index in WaiterOrder.Order(_policy, candidates.Select(w => Candidate(w, loads)).ToList(), _lastServed))
            {
                var waiter = candidates[index];
                AuditActor.Current = waiter.Actor;
                var result = await _api.ClaimAsync(waiter.Request, cancellationToken);
                if (!result.IsOk && result.Error.Code == ErrorCode.NoTask)
                {
                    passed.Add(waiter);
                    continue;
                }
                queue.Remove(waiter);
                served = true;
                if (result.IsOk)
                {
                    budget--;
                    Served(waiter, queue, passed, loads);
                    if (waiter.CancellationToken.IsCancellationRequested)
                    {
                        await GiveBackAsync(waiter, result.Value, cancellationToken);
                        waiter.Abandon();
                        break;
                    }
                    HubLog.Assigned(_logger, result.Value.Task.Id.Value, waiter.Request.Worker.Value);
                }
                waiter.Complete(result);
                break;
            }
            if (!served)
            {
                return;
            }
        }
    }

    // Only least-loaded needs the workers' loads, and only when there is a choice to make.
    private async Task<Dictionary<WorkerId, (int Leases, int Done)>> LoadsAsync(List<ClaimWaiter> queue, CancellationToken cancellationToken)
    {
        var loads = new Dictionary<WorkerId, (int Leases, int Done)>();
        if (_policy != AssignmentPolicy.LeastLoaded || queue.Select(w => w.Request.Worker).Distinct().Take(2).Count() < 2)
        {
            return loads;
        }
        foreach (var worker in await _store.ListWorkersAsync(_time.GetUtcNow(), cancellationToken))
        {
            loads[worker.Name] = (worker.CurrentTasks.Count, worker.Done);
        }
        (_loads, _loadsAt) = (loads, _time.GetUtcNow());
        return loads;
    }

    private static WaiterCandidate Candidate(ClaimWaiter waiter, Dictionary<WorkerId, (int Leases, int Done)> loads)
    {
        var load = loads.GetValueOrDefault(waiter.Request.Worker);
        return new WaiterCandidate
        {
            Worker = waiter.Request.Worker,
            Arrival = waiter.Arrival,
            Priority = waiter.Request.Priority ?? 0,
            Leases = load.Leases,
            Done = load.Done,
            PassedOver = waiter.PassedOver,
        };
    }

    // The served worker now holds one more lease, the rotation moves past it, and every waiter still in the
    // queue that was not even asked has been passed over once more.
    private void Served(ClaimWaiter waiter, List<ClaimWaiter> queue, HashSet<ClaimWaiter> passed, Dictionary<WorkerId, (int Leases, int Done)> loads)
    {
        var worker = waiter.Request.Worker;
        _lastServed = worker;
        if (loads.TryGetValue(worker, out var load))
        {
            loads[worker] = (load.Leases + 1, load.Done);
        }
        foreach (var other in queue)
        {
            if (!passed.Contains(other))
            {
                other.PassedOver++;
            }
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
