using Baton.Hub.Logging;
using Baton.Hub.Scheduling;
using Baton.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Leases;

/// <summary>
/// Expires leases on time: sleeps until the store's next lease expiry (at most <see cref="MaxSleep"/>, and
/// wakes on every store change since a new lease may expire sooner), expires what is due with the time
/// from <see cref="TimeProvider"/>, and wakes the dispatcher so the task goes to a waiting worker at once.
/// </summary>
internal sealed class LeaseSweeper : BackgroundService
{
    /// <summary>The longest the sweeper sleeps, so a clock jump or a missed wake-up costs at most this.</summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromSeconds(1);

    private readonly IBatonStore _store;
    private readonly ClaimDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly ILogger<LeaseSweeper> _logger;

    public LeaseSweeper(IBatonStore store, ClaimDispatcher dispatcher, TimeProvider time, ILogger<LeaseSweeper> logger)
    {
        _store = store;
        _dispatcher = dispatcher;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var changed = _store.Changes.WaitAsync(round.Token);
            var sleep = MaxSleep;
            try
            {
                sleep = await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                HubLog.SweepFailed(_logger, ex);
            }
            if (sleep > TimeSpan.Zero)
            {
                await Task.WhenAny(changed, Task.Delay(sleep, _time, round.Token));
            }
            await round.CancelAsync();
        }
    }

    /// <summary>Expires what is due; returns how long to sleep before the next expiry.</summary>
    private async Task<TimeSpan> SweepAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var next = await _store.NextLeaseExpiryAsync(cancellationToken);
        if (next is { } due && due <= now)
        {
            var expired = await _store.ExpireLeasesAsync(now, cancellationToken);
            if (expired.Count > 0)
            {
                HubLog.LeasesExpired(_logger, expired.Count);
                _dispatcher.Poke();
                return TimeSpan.Zero;
            }
            // The store judged nothing due (clock skew between reads): do not spin.
            return MaxSleep;
        }
        return next is { } later ? Min(later - now, MaxSleep) : MaxSleep;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
