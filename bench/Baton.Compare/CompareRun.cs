using System.Globalization;
using Baton.Compare.Cli;
using Baton.Compare.Peers;
using Baton.Compare.Report;
using Baton.Compare.Servers;
using Baton.Compare.Workloads;

namespace Baton.Compare;

/// <summary>Runs every selected peer through the workloads, one peer at a time, and renders the report.</summary>
internal static class CompareRun
{
    // Bounds one peer's turn in a round (start, every lifecycle run, handoff); a peer past it is stopped
    // and reported as failed.
    private static readonly TimeSpan PeerLimit = TimeSpan.FromMinutes(20);

    public static async Task<string> RunAsync(CompareOptions options, CancellationToken cancellationToken)
    {
        var machine = await MachineInfo.ReadAsync(cancellationToken);
        var loadBefore = MachineInfo.LoadAverage();
        var rows = new List<PeerRow>();
        // The runs of several hubs on PostgreSQL, the raw peer beside them and the failover workload share one server.
        await using var shared = options.RunPostgresHubs ? await PostgresCluster.StartAsync(cancellationToken) : null;
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var (peerName, create) in SelectPeers(options, shared))
            {
                if (rows.Find(r => r.Name == peerName) is { Problem: not null })
                {
                    // Failed in an earlier round: its figures would not be comparable.
                    continue;
                }
                IQueuePeer peer;
                try
                {
                    peer = create();
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // A row that cannot even be built (its binary missing, a bad option) is marked failed, like one
                    // that fails running: the other rows still run.
                    var problem = $"failed: {ex.GetType().Name}: {ex.Message}";
                    rows.Add(new PeerRow(peerName, "-", "-") { Problem = problem });
                    Progress(peerName, problem);
                    continue;
                }
                await using (peer)
                {
                    var row = rows.Find(r => r.Name == peer.Name);
                    if (row is null)
                    {
                        rows.Add(row = new PeerRow(peer.Name, peer.Durability, peer.Client));
                    }
                    await MeasureAsync(peer, row, round, options, cancellationToken);
                }
            }
        }
        FailoverResult? failover = null;
        if (options.RunFailover)
        {
            Progress("failover", string.Create(CultureInfo.InvariantCulture,
                $"{options.Failovers} rounds: 2 hubs on PostgreSQL, {options.FailoverWorkers} workers on the first, which is killed (grace {options.Grace.TotalSeconds:0.###} s)"));
            failover = await FailoverWorkload.RunAsync(options, BatonServe.Resolve(options.HubBaton), shared!, cancellationToken);
        }
        ResourcesResult? resources = null;
        if (options.RunResources)
        {
            Progress("resources", $"hub RSS idle and with {options.IdleWorkers.ToString("N0", CultureInfo.InvariantCulture)} idle workers");
            resources = await ResourcesWorkload.RunAsync(options, cancellationToken);
        }
        ScaleResult? scale = null;
        if (options.RunScale)
        {
            Progress("scale", string.Create(CultureInfo.InvariantCulture,
                $"claim + report latency with {ScaleWorkload.SmallTasks:N0} and {options.ScaleTasks:N0} tasks in the store"));
            scale = await ScaleWorkload.RunAsync(options, cancellationToken);
        }
        IReadOnlyList<CliRow>? cli = null;
        if (!options.SkipCli && (options.Includes("backlog") || options.Includes("task-master") || (options.BatonCli is not null && options.Includes("baton-cli"))))
        {
            Progress("cli", "timing CLI calls with hyperfine");
            cli = await CliComparison.RunAsync(options, cancellationToken);
        }
        return MarkdownReport.Render(machine, loadBefore, MachineInfo.LoadAverage(), options, rows, cli, resources, scale, failover);
    }

    private static IEnumerable<(string Name, Func<IQueuePeer> Create)> SelectPeers(CompareOptions options, PostgresCluster? shared)
    {
        // Constructed lazily so a peer that is filtered out never touches the machine.
        var all = new (string Name, Func<IQueuePeer> Create)[]
        {
            ("beanstalkd", () => new BeanstalkdPeer()),
            ("redis-always", () => new RedisPeer("always")),
            ("redis-everysec", () => new RedisPeer("everysec")),
            ("postgres", () => new PostgresPeer(shared)),
            ("baton-local", () => new BatonLocalPeer(shared: false)),
            ("baton-local-shared", () => new BatonLocalPeer(shared: true)),
            ("baton-hub", () => new BatonHubPeer(chained: false)),
            ("baton-hub-next", () => new BatonHubPeer(chained: true)),
            ("baton-hub-ceiling", () => new BatonHubPeer(chained: true, store: HubStoreKind.Ceiling)),
            ("baton-hub-memlog", () => new BatonHubPeer(chained: true, store: HubStoreKind.MemoryLog)),
            ("baton-serve-next", () => new BatonHubPeer(chained: true, BatonServe.Resolve(options.HubBaton))),
        };
        var onPostgres = CompareOptions.PostgresHubRows
            .Select(r => (r.Name, Create: (Func<IQueuePeer>)(() => new PostgresHubsPeer(r.Hubs, BatonServe.Resolve(options.HubBaton), shared!, options.Grace))));
        return all.Where(p => options.Includes(p.Name)).Concat(onPostgres.Where(p => options.Named(p.Name)));
    }

    // One round of a peer: every lifecycle run, and in the first round the handoff.
    private static async Task MeasureAsync(IQueuePeer peer, PeerRow row, int round, CompareOptions options, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(PeerLimit);
        var name = options.Rounds == 1 ? peer.Name : string.Create(CultureInfo.InvariantCulture, $"{peer.Name}, round {round}/{options.Rounds}");
        try
        {
            Progress(name, "starting");
            await peer.StartAsync(limit.Token);
            if (round == 1 && options.Warmup > 0)
            {
                var consumers = options.Consumers.Max();
                var warm = await peer.LifecycleAsync(consumers, options.Warmup, limit.Token);
                Progress(name, string.Create(CultureInfo.InvariantCulture,
                    $"warm-up, untimed: {options.Warmup:N0} tasks with {consumers} consumer(s), harness {warm.HarnessCpuUs:F0} µs/task over its last nine tenths"));
            }
            foreach (var consumers in options.Consumers)
            {
                var result = await peer.LifecycleAsync(consumers, options.Tasks, limit.Token);
                row.AddLifecycle(consumers, result);
                var cpu = (result.MachineCpuUs is { } machine ? $", machine CPU {machine:F0} µs/task" : "")
                    + (result.PostgresCpuUs > 0 || result.BatonCpuUs > 0 ? $" (PostgreSQL {result.PostgresCpuUs:F0}, baton serve {result.BatonCpuUs:F0})" : "");
                Progress(name, string.Create(CultureInfo.InvariantCulture,
                    $"lifecycle, {consumers} consumer(s): {result.TasksPerSecond:F0} tasks/s{cpu}, harness {result.HarnessCpuUs:F0} µs/task (load {MachineInfo.LoadAverage()})"));
            }
            if (round == 1)
            {
                row.Handoff = await peer.HandoffAsync(options.Samples, limit.Token);
                Progress(name, $"handoff p50/p99/max µs: {row.Handoff} (load {MachineInfo.LoadAverage()})");
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // One peer failing (not installed, timed out, refused) must not cost the other rows.
            row.Problem = limit.IsCancellationRequested
                ? $"failed: stopped after {PeerLimit.TotalMinutes:F0} min"
                : $"failed: {ex.GetType().Name}: {ex.Message}";
            Progress(name, row.Problem);
        }
        finally
        {
            await peer.StopAsync(CancellationToken.None);
        }
    }

    private static void Progress(string peer, string message) => Console.Error.WriteLine($"[{peer}] {message}");
}
