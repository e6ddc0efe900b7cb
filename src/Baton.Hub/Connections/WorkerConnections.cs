using Baton.Core.Tasks;
using Baton.Hub.Logging;
using Baton.Hub.Scheduling;
using Baton.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Connections;

/// <summary>
/// Watches which workers are connected. When a worker's last connection closes it is marked disconnected;
/// if it does not say hello again within <see cref="HubOptions.DisconnectGrace"/>, its leases are released.
/// Each worker's presence changes are serialized by that worker's gate, so a close and a quick reconnect
/// cannot reach the store in the wrong order; different workers' changes run side by side and share
/// commits (10,000 workers connecting at once do not queue behind one another's fsync).
/// Presence carries this hub's id: on a store that several hubs serve, a close from this hub changes nothing once the
/// worker is connected through another, and the release after the grace happens only if, in the same transaction,
/// no other live hub holds the worker's connection (it moved there: failover keeps its leases).
/// </summary>
internal sealed class WorkerConnections : IDisposable
{
    private readonly Lock _entries = new();
    private readonly Dictionary<WorkerId, Entry> _workers = [];
    private readonly IBatonStore _store;
    private readonly ClaimDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly TimeSpan _grace;
    private readonly ILogger<WorkerConnections> _logger;
    private readonly CancellationToken _stopping;
    private readonly HubIdentity _self;
    private readonly TimeSpan _hubTimeout;

    public WorkerConnections(IBatonStore store, ClaimDispatcher dispatcher, HubOptions options, HubIdentity self, IHostApplicationLifetime lifetime, ILogger<WorkerConnections> logger)
    {
        _store = store;
        _self = self;
        _hubTimeout = options.HubTimeout;
        _dispatcher = dispatcher;
        _time = options.Time;
        _grace = options.DisconnectGrace;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
    }

    public async Task ConnectedAsync(WorkerId worker, int? capacity, IReadOnlyList<string>? labels, CancellationToken cancellationToken)
    {
        var entry = GetEntry(worker);
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            entry.Connections++;
            if (entry.Grace is { } grace)
            {
                entry.Grace = null;
                // The grace task owns (and disposes) the source; cancelling is enough here.
                await grace.CancelAsync();
                HubLog.WorkerReconnected(_logger, worker.Value);
            }
            var presence = new WorkerPresence { Worker = worker, Connected = true, Capacity = capacity, Labels = labels };
            await _store.ConnectWorkerAsync(presence, _self.Id, _time.GetUtcNow(), cancellationToken);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>A connection of the worker closed. Never throws: it runs while a connection is torn down.</summary>
    public async Task DisconnectedAsync(WorkerId worker)
    {
        var entry = GetEntry(worker);
        await entry.Gate.WaitAsync(CancellationToken.None);
        try
        {
            entry.Connections = Math.Max(0, entry.Connections - 1);
            if (entry.Connections == 0)
            {
                // The grace runs even if the store does not take the close (its release marks the worker disconnected).
                StartGrace(worker, entry);
                await _store.DisconnectWorkerAsync(worker, _self.Id, _time.GetUtcNow(), _stopping);
                HubLog.WorkerDisconnected(_logger, worker.Value, _grace);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The hub is stopping: the next run adopts the worker as an orphan.
        }
        catch (Exception ex)
        {
            HubLog.PresenceFailed(_logger, ex, worker.Value);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Workers marked connected through no live hub (an earlier run of this hub, or another hub on the store that
    /// is gone) get the same grace as a fresh disconnect; at its end they are released and marked disconnected, unless
    /// they came back here or through another live hub. Workers this hub holds, or already waits for, are left alone.</summary>
    public async Task AdoptOrphansAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var orphans = await _store.OrphanedWorkersAsync(_self.Id, now - _hubTimeout, now, cancellationToken);
        foreach (var worker in orphans)
        {
            var entry = GetEntry(worker);
            await entry.Gate.WaitAsync(cancellationToken);
            try
            {
                if (entry.Connections == 0 && entry.Grace is null)
                {
                    HubLog.Orphan(_logger, worker.Value, _grace);
                    StartGrace(worker, entry);
                }
            }
            finally
            {
                entry.Gate.Release();
            }
        }
    }

    public void Dispose()
    {
        lock (_entries)
        {
            foreach (var entry in _workers.Values)
            {
                entry.Gate.Dispose();
            }
        }
    }

    private Entry GetEntry(WorkerId worker)
    {
        lock (_entries)
        {
            if (!_workers.TryGetValue(worker, out var entry))
            {
                entry = new Entry();
                _workers[worker] = entry;
            }
            return entry;
        }
    }

    private void StartGrace(WorkerId worker, Entry entry)
    {
        var grace = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        entry.Grace = grace;
        _ = ReleaseAfterGraceAsync(worker, grace);
    }

    private async Task ReleaseAfterGraceAsync(WorkerId worker, CancellationTokenSource grace)
    {
        var token = grace.Token;
        try
        {
            await Task.Delay(_grace, _time, token);
            var entry = GetEntry(worker);
            await entry.Gate.WaitAsync(token);
            try
            {
                if (entry.Grace != grace || entry.Connections > 0)
                {
                    return;
                }
                entry.Grace = null;
                var now = _time.GetUtcNow();
                var lost = await _store.ReleaseLostWorkerAsync(worker, _self.Id, "the worker's connection was lost", now - _hubTimeout, now, _stopping);
                if (lost.MovedTo is { } hub)
                {
                    HubLog.WorkerMoved(_logger, worker.Value, hub.Value);
                    return;
                }
                HubLog.WorkerReleased(_logger, worker.Value, lost.Released.Count);
                if (lost.Released.Count > 0)
                {
                    _dispatcher.Poke();
                }
            }
            finally
            {
                entry.Gate.Release();
            }
        }
        catch (OperationCanceledException)
        {
            // The worker came back, or the hub is stopping: nothing to release.
        }
        catch (Exception ex)
        {
            HubLog.PresenceFailed(_logger, ex, worker.Value);
        }
        finally
        {
            grace.Dispose();
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Connections { get; set; }

        public CancellationTokenSource? Grace { get; set; }
    }
}
