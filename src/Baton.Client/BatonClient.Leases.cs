using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Client;

// Automatic heartbeats: the leases this client claimed, renewed while it holds them.
public sealed partial class BatonClient
{
    private static readonly TimeSpan MinHeartbeatInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<TaskId, TimeSpan> _held = [];
    private readonly SemaphoreSlim _leasesChanged = new(0, 1);
    private Task _heartbeats = Task.CompletedTask;

    /// <summary>The tasks this client claimed and has not yet reported or released, as far as it knows.</summary>
    public IReadOnlyList<TaskId> HeldTasks
    {
        get
        {
            lock (_gate)
            {
                return [.. _held.Keys];
            }
        }
    }

    private bool AutoHeartbeatEnabled
        => _options.Worker is not null && (_options.AutoHeartbeat ?? _options.Session == BatonSessionKind.Persistent);

    private void TrackLease(Assignment assignment)
    {
        var length = assignment.Lease.ExpiresAt - assignment.Lease.ClaimedAt;
        lock (_gate)
        {
            _held[assignment.Task.Id] = length > TimeSpan.Zero ? length : MinHeartbeatInterval;
        }
        if (_leasesChanged.CurrentCount == 0)
        {
            try
            {
                _leasesChanged.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another claim woke the loop in the same instant; one wake is enough.
            }
        }
    }

    private void ForgetLease(TaskId task)
    {
        lock (_gate)
        {
            _held.Remove(task);
        }
    }


    // Only leases known before the heartbeat was sent: a claim answered meanwhile is not in its reply.
    private void ForgetUnrenewed(IReadOnlyList<TaskId> heldBefore, IEnumerable<TaskId> renewed)
    {
        var live = renewed.ToHashSet();
        lock (_gate)
        {
            foreach (var task in heldBefore.Where(t => !live.Contains(t)))
            {
                _held.Remove(task);
            }
        }
    }

    /// <summary>Forgets a task whose lease the hub says this worker no longer holds.</summary>
    private void ForgetLeaseOnRefusal(TaskId task, BatonError error) => ForgetLeaseOnRefusal(task, [task], error);

    private void ForgetLeaseOnRefusal(TaskId? task, IReadOnlyList<TaskId> heldBefore, BatonError error)
    {
        if (error.Code is not (ErrorCode.LeaseExpired or ErrorCode.LeaseNotHeld or ErrorCode.NotFound or ErrorCode.IllegalTransition))
        {
            return;
        }
        lock (_gate)
        {
            foreach (var held in task is { } one ? [one] : heldBefore)
            {
                _held.Remove(held);
            }
        }
    }

    private TimeSpan? HeartbeatInterval()
    {
        lock (_gate)
        {
            if (_held.Count == 0)
            {
                return null;
            }
            var third = _held.Values.Min() / 3;
            return third > MinHeartbeatInterval ? third : MinHeartbeatInterval;
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        var token = _life.Token;
        var worker = _options.Worker!.Value; // AutoHeartbeatEnabled requires a worker.
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (HeartbeatInterval() is not { } interval)
                {
                    await _leasesChanged.WaitAsync(token).ConfigureAwait(false);
                    continue;
                }
                await Task.Delay(interval, _time, token).ConfigureAwait(false);
                if (HeartbeatInterval() is not null)
                {
                    // Failures are handled inside: a refusal forgets the leases, a lost hub is retried next round.
                    await HeartbeatAsync(new HeartbeatRequest { Worker = worker }, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client is closing.
        }
        catch (ObjectDisposedException) when (token.IsCancellationRequested)
        {
            // Disposal raced the loop's last wait.
        }
    }
}
