using System.Globalization;
using System.Text;
using Baton.Client;
using Baton.Compare.Servers;
using Baton.Compare.Workloads;
using Baton.Core.Access;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Hub;
using Baton.Hub.Access;
using Microsoft.Extensions.Logging;

namespace Baton.Compare.Peers;

/// <summary>
/// Baton in hub mode: a hub on 127.0.0.1 over a fresh SQLite store, and one WebSocket client per consumer.
/// Acknowledged after the commit is durable; concurrent transitions share a commit (group commit). The hub
/// runs in this process (real Kestrel and sockets), or with <paramref name="serve"/> as <c>baton serve</c>, its
/// own process, as users run it.
/// </summary>
internal sealed class BatonHubPeer(bool chained, BatonServe? serve = null, HubStoreKind store = HubStoreKind.Sqlite) : IQueuePeer
{
    // A fresh `baton serve` has its JIT still to do; a hub that has served a while has not. These many tasks
    // run through it, untimed, before each measurement (the in-process rows share this process's warm JIT).
    private const int ServeWarmUpTasks = 2000;

    private ScratchDirectory? _data;
    private int _run;
    private string? _token;

    public string Name => store switch { HubStoreKind.Ceiling => "baton-hub-ceiling", HubStoreKind.MemoryLog => "baton-hub-memlog", _ => null } ?? (serve is not null ? "baton-serve-next" : chained ? "baton-hub-next" : "baton-hub");

    public string Durability => store switch
    {
        HubStoreKind.Ceiling => "none: not a queue. The hub in-process over a store that keeps its tasks in memory and writes nothing (CeilingStore); what the hub, protocol and clients cost without a store, the bound on any store",
        HubStoreKind.MemoryLog => "prototype, not a queue: tasks and leases in memory, each transition one line appended to a log and acked after fdatasync (group commit); the proposed hot path, measured",
        _ => "ack after the commit is durable (SQLite WAL, fdatasynced before any reply: by the hub's sync thread, or by a lone write's own thread); concurrent transitions share one fsync (group commit)",
    };

    public string Client => (chained
        ? "BatonClient over WebSocket, one connection per consumer; each report carries the next claim (report --next: one round trip and one commit per task); "
        : "BatonClient over WebSocket, one connection per consumer; claim and report are separate requests; ")
        + (serve is null
            ? "hub in-process on 127.0.0.1"
            : $"hub is {serve.Description} on 127.0.0.1, warmed with {ServeWarmUpTasks:N0} untimed tasks per run");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _data = ScratchDirectory.Create(Name);
        return Task.CompletedTask;
    }

    // A running hub: its address, and what stops it.
    private sealed record Hub(Uri Url, IAsyncDisposable Owner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Owner.DisposeAsync();
    }

    private async Task<Hub> StartHubAsync(CancellationToken cancellationToken)
    {
        var root = _data?.Path ?? throw new InvalidOperationException($"{Name} peer not started");
        var run = Path.Combine(root, "run" + (++_run).ToString(CultureInfo.InvariantCulture));
        var path = Path.Combine(run, ".baton", "baton.db");
        // The hub's key, made before the hub starts (as its first start would): its clients need the token.
        _token = HubToken.Local(AccessKey.LoadOrCreate(Path.GetDirectoryName(path)!));
        if (serve is null)
        {
            var hub = await BatonHub.StartAsync(new HubOptions
            {
                StorePath = path,
                Urls = "http://127.0.0.1:0",
                CreateStoreIfMissing = true,
                Store = store switch
                {
                    HubStoreKind.Ceiling => new CeilingStore(),
                    HubStoreKind.MemoryLog => new CeilingStore(new GroupLog(Path.Combine(Directory.CreateDirectory(run).FullName, "transitions.log"))),
                    _ => null,
                },
                ConfigureLogging = logging => logging.AddFilter(level => level >= Microsoft.Extensions.Logging.LogLevel.Warning),
            }, cancellationToken);
            return new Hub(hub.Url, hub);
        }
        await BatonServe.CreateStoreAsync(path, cancellationToken);
        var port = FreePort.Next();
        var process = await serve.StartAsync(path, port, run, cancellationToken);
        var started = new Hub(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"), process);
        try
        {
            await WarmUpAsync(started.Url, cancellationToken);
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
        return started;
    }

    // Runs ServeWarmUpTasks tasks through the hub with report --next, before anything is timed.
    private async Task WarmUpAsync(Uri hub, CancellationToken cancellationToken)
    {
        await using (var coordinator = await ConnectAsync(hub, "coordinator", null, cancellationToken))
        {
            var imported = await coordinator.ImportAsync(Plan(Enumerable.Range(0, ServeWarmUpTasks).Select(i => "serve-warm-" + i.ToString(CultureInfo.InvariantCulture))), cancellationToken);
            if (!imported.IsOk)
            {
                throw new InvalidOperationException("baton-serve warm-up import failed: " + imported.Error.Message);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async w =>
        {
            await using var consumer = new ChainedHubConsumer(await ConnectAsync(hub, "worker", "serve-warm-" + w.ToString(CultureInfo.InvariantCulture), cancellationToken), "baton-hub-next");
            while (await consumer.AckAndClaimNextAsync(another: true, cancellationToken))
            {
            }
        }));
    }

    private async Task<BatonClient> ConnectAsync(Uri server, string role, string? worker, CancellationToken cancellationToken)
    {
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = server,
            Token = _token,
            Role = role,
            Worker = worker is null ? null : new WorkerId(worker),
        }, cancellationToken);
        return connected.IsOk ? connected.Value : throw new InvalidOperationException("baton-hub: " + connected.Error.Message);
    }

    private static string Plan(IEnumerable<string> ids)
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

    public async Task<LifecycleResult> LifecycleAsync(int consumers, int tasks, CancellationToken cancellationToken)
    {
        await using var hub = await StartHubAsync(cancellationToken);
        await using (var coordinator = await ConnectAsync(hub.Url, "coordinator", null, cancellationToken))
        {
            var imported = await coordinator.ImportAsync(Plan(Enumerable.Range(0, tasks).Select(i => "t" + i.ToString(CultureInfo.InvariantCulture))), cancellationToken);
            if (!imported.IsOk)
            {
                throw new InvalidOperationException("baton-hub import failed: " + imported.Error.Message);
            }
        }
        return await LifecycleProbe.MeasureAsync(consumers, tasks,
            async (c, ct) =>
            {
                var client = await ConnectAsync(hub.Url, "worker", "w" + c.ToString(CultureInfo.InvariantCulture), ct);
                return chained ? new ChainedHubConsumer(client, "baton-hub-next") : new Consumer(client);
            }, cancellationToken);
    }

    public async Task<LatencySummary> HandoffAsync(int samples, CancellationToken cancellationToken)
    {
        await using var hub = await StartHubAsync(cancellationToken);
        await using var producer = await ConnectAsync(hub.Url, "coordinator", null, cancellationToken);
        await using var consumer = new Consumer(await ConnectAsync(hub.Url, "worker", "waiter", cancellationToken));
        return await HandoffProbe.MeasureAsync(samples, consumer, async (name, ct) =>
        {
            var imported = await producer.ImportAsync(Plan([name]), ct);
            if (!imported.IsOk)
            {
                throw new InvalidOperationException("baton-hub import failed: " + imported.Error.Message);
            }
        }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _data?.Dispose();
        _data = null;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private sealed class Consumer(BatonClient client) : ILifecycleConsumer, IHandoffConsumer
    {
        public async Task<bool> ClaimAndAckAsync(CancellationToken cancellationToken)
        {
            var claim = await client.ClaimAsync(new ClaimRequest { Worker = client.Worker!.Value }, cancellationToken);
            if (!claim.IsOk)
            {
                return false;
            }
            await AckAsync(claim.Value.Task.Id.Value, cancellationToken);
            return true;
        }

        public async Task<string> ReceiveAsync(CancellationToken cancellationToken)
        {
            var claim = await client.ClaimAsync(new ClaimRequest { Worker = client.Worker!.Value, Wait = TimeSpan.FromSeconds(30) }, cancellationToken);
            return claim.IsOk ? claim.Value.Task.Id.Value : throw new InvalidOperationException("baton-hub: waiting claim ended with " + claim.Error.Code);
        }

        public async Task AckAsync(string id, CancellationToken cancellationToken)
        {
            var report = await client.ReportAsync(new ReportRequest { TaskId = new TaskId(id), Worker = client.Worker!.Value, Outcome = ReportOutcome.Done, Summary = "ok" }, cancellationToken);
            if (!report.IsOk)
            {
                throw new InvalidOperationException("baton-hub report failed: " + report.Error.Message);
            }
        }

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}

/// <summary>What the in-process hub of a <see cref="BatonHubPeer"/> serves.</summary>
internal enum HubStoreKind
{
    /// <summary>The SQLite store, as <c>baton serve</c> opens it.</summary>
    Sqlite,

    /// <summary><see cref="CeilingStore"/> without a log: nothing written.</summary>
    Ceiling,

    /// <summary><see cref="CeilingStore"/> with a <see cref="GroupLog"/>: the proposed hot path's prototype.</summary>
    MemoryLog,
}
