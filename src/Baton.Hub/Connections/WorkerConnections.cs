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

    public WorkerConnections(IBatonStore store, ClaimDispatcher dispatcher, HubOptions options, IHostApplicationLifetime lifetime, ILogger<WorkerConnections> logger)
    {
        _store = store;
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
            await _store.TouchWorkerAsync(presence, _time.GetUtcNow(), cancellationToken);
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
                await StartGraceAsync(worker, entry);
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

    /// <summary>Workers a previous hub run left marked connected get the same grace as a fresh disconnect.</summary>
    public async Task AdoptOrphansAsync(CancellationToken cancellationToken)
    {
        var status = await _store.StatusAsync(_time.GetUtcNow(), cancellationToken);
        foreach (var worker in status.Workers.Where(w => w.Connected))
        {
            var entry = GetEntry(worker.Name);
            await entry.Gate.WaitAsync(cancellationToken);
            try
            {
                if (entry.Connections == 0 && entry.Grace is null)
                {
                    HubLog.Orphan(_logger, worker.Name.Value, _grace);
                    await StartGraceAsync(worker.Name, entry);
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

    private async Task StartGraceAsync(WorkerId worker, Entry entry)
    {
        var grace = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        entry.Grace = grace;
        await _store.TouchWorkerAsync(new WorkerPresence { Worker = worker, Connected = false }, _time.GetUtcNow(), _stopping);
        HubLog.WorkerDisconnected(_logger, worker.Value, _grace);
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
                var released = await _store.ReleaseWorkerAsync(worker, "the worker's connection was lost", _time.GetUtcNow(), _stopping);
                HubLog.WorkerReleased(_logger, worker.Value, released.Count);
                if (released.Count > 0)
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
