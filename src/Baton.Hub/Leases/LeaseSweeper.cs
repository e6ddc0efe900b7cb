using Baton.Hub.Logging;
using Baton.Hub.Scheduling;
using Baton.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Leases;

/// <summary>
/// Expires leases on time: sleeps until the store's next lease expiry (at most <see cref="MaxSleep"/>, and
/// wakes on store changes since a new lease may expire sooner), expires what is due with the time
/// from <see cref="TimeProvider"/>, and wakes the dispatcher so the task goes to a waiting worker at once.
/// Under steady writes it looks at most every <see cref="MinGap"/>: a lease lasts seconds at least, and a
/// look after every commit cost the hub a read per commit.
/// </summary>
internal sealed class LeaseSweeper : BackgroundService
{
    /// <summary>The longest the sweeper sleeps, so a clock jump or a missed wake-up costs at most this.</summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromSeconds(1);

    /// <summary>The shortest time between two looks woken by store changes (real time, like a poll).</summary>
    public static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(50);

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
                await ChangeWait.WaitAsync(changed, Task.Delay(sleep, _time, round.Token), MinGap, stoppingToken);
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
