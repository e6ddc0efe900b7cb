using Baton.Hub.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Access;

/// <summary>Reads a PostgreSQL store's key and token list again every <see cref="Interval"/> (<see cref="DatabaseAccessView"/>).
/// While the database does not answer, the last ones read stay in force; that is logged once per outage.</summary>
internal sealed class AccessRefresher(DatabaseAccessView view, HubOptions options, ILogger<AccessRefresher> logger) : BackgroundService
{
    /// <summary>How often the rows are looked at again.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, options.Time);
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await view.RefreshAsync(stoppingToken);
                    failing = false;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    if (!failing)
                    {
                        HubLog.AccessRefreshFailed(logger, ex, view.ListLocation);
                    }
                    failing = true;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The hub is stopping.
        }
    }
}
