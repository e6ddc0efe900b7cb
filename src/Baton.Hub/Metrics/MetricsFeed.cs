using System.Diagnostics;
using Baton.Hub.Events;
using Baton.Storage;
using Microsoft.Extensions.Hosting;

namespace Baton.Hub.Metrics;

/// <summary>
/// Feeds <see cref="HubMetrics"/> from the event log while a listener takes its instruments: counts what each new
/// event says happened, and re-reads tasks by state at most every <see cref="CountsEvery"/> when something changed.
/// While nobody listens it holds no subscription, so the event pump reads nothing on its account.
/// </summary>
internal sealed class MetricsFeed : BackgroundService
{
    /// <summary>How often the feed looks whether a listener has come (a flag; it reads nothing meanwhile).</summary>
    public static readonly TimeSpan ListenerCheck = TimeSpan.FromSeconds(1);

    /// <summary>The shortest time between two reads of tasks by state.</summary>
    public static readonly TimeSpan CountsEvery = TimeSpan.FromSeconds(2);

    private const int Batch = 500;

    private readonly HubMetrics _metrics;
    private readonly EventPump _pump;
    private readonly IBatonStore _store;
    private readonly TimeProvider _time;

    public MetricsFeed(HubMetrics metrics, EventPump pump, IBatonStore store, TimeProvider time)
    {
        _metrics = metrics;
        _pump = pump;
        _store = store;
        _time = time;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Counters count from the hub's start, whenever a listener comes: what happened before it came is read then.
            var cursor = await _store.LastEventIdAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!_metrics.Listened)
                {
                    await Task.Delay(ListenerCheck, _time, stoppingToken);
                    continue;
                }
                cursor = await FollowAsync(cursor, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Follows the event log from <paramref name="cursor"/> until the last listener leaves; where it got to.</summary>
    private async Task<long> FollowAsync(long cursor, CancellationToken stoppingToken)
    {
        using var subscription = _pump.Subscribe();
        await RefreshCountsAsync(stoppingToken);
        var countsDue = false;
        var lastCounts = _time.GetTimestamp();
        while (_metrics.Listened && !stoppingToken.IsCancellationRequested)
        {
            var signal = _pump.NextSignal;
            var events = await _pump.ReadAsync(cursor, Batch, stoppingToken);
            foreach (var e in events)
            {
                _metrics.Observe(e);
                cursor = e.Id;
            }
            countsDue |= events.Count > 0;
            if (countsDue && _time.GetElapsedTime(lastCounts) >= CountsEvery)
            {
                await RefreshCountsAsync(stoppingToken);
                countsDue = false;
                lastCounts = _time.GetTimestamp();
            }
            if (events.Count < Batch)
            {
                // Wake on the next events, or in time to count what changed, or to see the listener go.
                using var nap = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(signal, Task.Delay(countsDue ? CountsEvery : ListenerCheck, _time, nap.Token));
                await nap.CancelAsync();
                stoppingToken.ThrowIfCancellationRequested();
            }
        }
        return cursor;
    }

    private async Task RefreshCountsAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var status = await _store.StatusAsync(_time.GetUtcNow(), cancellationToken);
        _metrics.StoreRoundTrip(Stopwatch.GetElapsedTime(started));
        _metrics.Tasks(status.Counts);
    }
}
