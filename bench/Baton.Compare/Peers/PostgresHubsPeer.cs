using System.Globalization;
using System.Text;
using Baton.Client;
using Baton.Compare.Servers;
using Baton.Compare.Workloads;
using Baton.Core.Api;
using Baton.Core.Tasks;

namespace Baton.Compare.Peers;

/// <summary>
/// Baton on PostgreSQL: <paramref name="hubs"/> <c>baton serve</c> processes on one database of the run's shared server
/// (the raw <c>postgres</c> peer's server too), consumers spread over them (consumer <c>c</c> at hub <c>c % hubs</c>, the
/// others as its fallbacks), each acknowledging with the next claim in the same request (<c>report --next</c>). Every
/// run gets a fresh database and fresh hubs, warmed with untimed tasks first. Handoff: the task is imported through the
/// first hub and the consumer waits on the last, so with two or three hubs every handoff crosses hubs (PostgreSQL's
/// NOTIFY), with one it stays in the hub.
/// </summary>
internal sealed class PostgresHubsPeer(int hubs, BatonServe serve, PostgresCluster cluster, TimeSpan grace) : IQueuePeer
{
    private const int WarmUpTasks = 2000;

    private ScratchDirectory? _data;

    public string Name => hubs == 1 ? "baton-pg-1hub" : string.Create(CultureInfo.InvariantCulture, $"baton-pg-{hubs}hubs");

    public string Durability => "ack after the commit is flushed to PostgreSQL's WAL (fsync=on): each hub commits under Baton's lock and its flusher's synchronous commit makes the commit durable, outside the lock, before any answer; the hubs share one database";

    public string Client => string.Create(CultureInfo.InvariantCulture,
        $"BatonClient over WebSocket, one connection per consumer, spread over {hubs} hub{(hubs == 1 ? "" : "s")} ({serve.Description}) on one PostgreSQL database; report --next; each run on a fresh database, hubs warmed with {WarmUpTasks:N0} untimed tasks; handoff: imported through the first hub, claimed through the last");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _data = ScratchDirectory.Create(Name);
        return Task.CompletedTask;
    }

    private string Folder => _data?.Path ?? throw new InvalidOperationException($"{Name} peer not started");

    public async Task<LifecycleResult> LifecycleAsync(int consumers, int tasks, CancellationToken cancellationToken)
    {
        await using var set = await PgHubs.StartAsync(serve, cluster, hubs, grace, Folder, cancellationToken);
        await WarmUpAsync(set, cancellationToken);
        await ImportAsync(set, Enumerable.Range(0, tasks).Select(i => "t" + i.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        await cluster.ResetStatementsAsync(set.Database, cancellationToken);
        var before = await PostgresActivity.TakeAsync(cluster.ConnectionString, cancellationToken);
        var result = await LifecycleProbe.MeasureAsync(consumers, tasks,
            async (c, ct) => new ChainedHubConsumer(await set.ConnectAsync(c % hubs, "w" + c.ToString(CultureInfo.InvariantCulture), ct), "baton-pg"),
            cancellationToken);
        var (transactions, wal) = PostgresActivity.PerTask(before, await PostgresActivity.TakeAsync(cluster.ConnectionString, cancellationToken), tasks);
        foreach (var line in await cluster.StatementsAsync(set.Database, tasks, cancellationToken))
        {
            Console.Error.WriteLine($"[{Name}] {line}");
        }
        return result with { PostgresTransactions = transactions, PostgresWalBytes = wal };
    }

    public async Task<LatencySummary> HandoffAsync(int samples, CancellationToken cancellationToken)
    {
        await using var set = await PgHubs.StartAsync(serve, cluster, hubs, grace, Folder, cancellationToken);
        await WarmUpAsync(set, cancellationToken);
        await using var producer = await set.ConnectAsync(0, null, cancellationToken);
        await using var consumer = new WaitingConsumer(await set.ConnectAsync(hubs - 1, "waiter", cancellationToken));
        return await HandoffProbe.MeasureAsync(samples, consumer, async (name, ct) =>
        {
            var imported = await producer.ImportAsync(Plan([name]), ct);
            if (!imported.IsOk)
            {
                throw new InvalidOperationException($"{Name} import failed: " + imported.Error.Message);
            }
        }, cancellationToken);
    }

    // A fresh `baton serve` has its JIT still to do, and a fresh database its caches cold: untimed tasks through every hub.
    private async Task WarmUpAsync(PgHubs set, CancellationToken cancellationToken)
    {
        await ImportAsync(set, Enumerable.Range(0, WarmUpTasks).Select(i => "warm-" + i.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(4, hubs)).Select(async w =>
        {
            await using var consumer = new ChainedHubConsumer(await set.ConnectAsync(w % hubs, "warm-" + w.ToString(CultureInfo.InvariantCulture), cancellationToken), "baton-pg");
            while (await consumer.AckAndClaimNextAsync(another: true, cancellationToken))
            {
            }
        }));
    }

    private async Task ImportAsync(PgHubs set, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        await using var coordinator = await set.ConnectAsync(0, null, cancellationToken);
        var imported = await coordinator.ImportAsync(Plan(ids), cancellationToken);
        if (!imported.IsOk)
        {
            throw new InvalidOperationException($"{Name} import failed: " + imported.Error.Message);
        }
    }

    internal static string Plan(IEnumerable<string> ids)
    {
        var json = new StringBuilder("{\"tasks\":[");
        var first = true;
        foreach (var id in ids)
        {
            json.Append(first ? "" : ",").Append("{\"id\":\"").Append(id).Append("\",\"title\":\"do the thing ").Append(id).Append("\"}");
            first = false;
        }
        return json.Append("]}").ToString();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _data?.Dispose();
        _data = null;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private sealed class WaitingConsumer(BatonClient client) : IHandoffConsumer
    {
        public async Task<string> ReceiveAsync(CancellationToken cancellationToken)
        {
            var claim = await client.ClaimAsync(new ClaimRequest { Worker = client.Worker!.Value, Wait = TimeSpan.FromSeconds(30) }, cancellationToken);
            return claim.IsOk ? claim.Value.Task.Id.Value : throw new InvalidOperationException("waiting claim ended with " + claim.Error.Code);
        }

        public async Task AckAsync(string id, CancellationToken cancellationToken)
        {
            var report = await client.ReportAsync(new ReportRequest { TaskId = new TaskId(id), Worker = client.Worker!.Value, Outcome = ReportOutcome.Done, Summary = "ok" }, cancellationToken);
            if (!report.IsOk)
            {
                throw new InvalidOperationException("report failed: " + report.Error.Message);
            }
        }

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}
