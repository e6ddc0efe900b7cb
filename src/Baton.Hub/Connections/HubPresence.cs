using Baton.Hub.Logging;
using Baton.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Connections;

/// <summary>
/// Keeps this hub on the store's list of live hubs, and hands the workers of hubs that are gone the grace they would
/// have had. At start (<see cref="BeginAsync"/>): the hub records itself, then adopts the orphans, workers marked
/// connected through no live hub. On a store that several hubs serve (PostgreSQL) it does both again every
/// <see cref="HubOptions.PresenceInterval"/>, since another hub may die while this one runs; a hub not heard for
/// <see cref="HubOptions.HubTimeout"/> is gone. When this hub stops it takes itself off the list, so the others
/// adopt its workers at their next look.
/// </summary>
internal sealed class HubPresence(IBatonStore store, HubIdentity self, WorkerConnections workers, HubOptions options, ILogger<HubPresence> logger) : BackgroundService
{
    /// <summary>Records the hub (its URL once bound) and adopts the orphans.</summary>
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        await store.BeatHubAsync(self.Beat(), options.Time.GetUtcNow(), cancellationToken);
        await workers.AdoptOrphansAsync(cancellationToken);
    }

    /// <summary>Records the hub before it listens, so a worker it takes is never counted as held by a hub that is gone.</summary>
    public Task RecordAsync(CancellationToken cancellationToken) => store.BeatHubAsync(self.Beat(), options.Time.GetUtcNow(), cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await store.EndHubAsync(self.Id, cancellationToken);
        }
        catch (Exception ex)
        {
            // The others take this hub for gone once it is not heard for HubTimeout anyway.
            HubLog.PresenceBeatFailed(logger, ex, self.Id.Value);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!store.ServesSeveralHubs)
        {
            // One hub at a time (SQLite): the orphans were adopted at start, and no other hub can leave any.
            return;
        }
        using var timer = new PeriodicTimer(options.PresenceInterval, options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await BeginAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    HubLog.PresenceBeatFailed(logger, ex, self.Id.Value);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The hub is stopping.
        }
    }
}
