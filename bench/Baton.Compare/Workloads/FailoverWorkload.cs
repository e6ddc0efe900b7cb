using System.Diagnostics;
using System.Globalization;
using Baton.Client;
using Baton.Compare.Peers;
using Baton.Compare.Servers;
using Baton.Core.Api;
using Baton.Core.Errors;

namespace Baton.Compare.Workloads;

/// <summary>
/// Failover: two <c>baton serve</c> processes on one PostgreSQL database; <c>--failover-workers</c> workers connected to
/// the first (the second as their fallback, as <c>--server A,B</c> gives it) claim and report tasks with
/// <c>report --next</c>. Once they have done a few hundred tasks, the first hub gets SIGKILL. A sample is the time from
/// just before the kill to that worker's next task assigned through the second hub (a claim or a report's next claim
/// answered). Each round starts on a fresh database with fresh hubs.
/// </summary>
internal static class FailoverWorkload
{
    private const int Tasks = 20_000;
    private const int DoneBeforeKill = 400;
    private static readonly TimeSpan RoundLimit = TimeSpan.FromMinutes(2);

    public static async Task<FailoverResult> RunAsync(CompareOptions options, BatonServe serve, PostgresCluster cluster, CancellationToken cancellationToken)
    {
        var result = new FailoverResult { Grace = options.Grace, Workers = options.FailoverWorkers, Rounds = options.Failovers };
        using var data = ScratchDirectory.Create("failover");
        try
        {
            for (var round = 1; round <= options.Failovers; round++)
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(RoundLimit);
                var (done, samples) = await RoundAsync(options, serve, cluster, data.Path, limit.Token);
                result.Samples.AddRange(samples);
                result.PerRound.Add((done, samples.Max()));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[failover] round {round}/{options.Failovers}: {done} tasks done before the kill; next claim through the other hub after {string.Join(", ", samples.Select(s => s.ToString("F0", CultureInfo.InvariantCulture)))} ms (load {Report.MachineInfo.LoadAverage()})"));
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            result.Problem = $"failed: {ex.GetType().Name}: {ex.Message}";
            Console.Error.WriteLine("[failover] " + result.Problem);
        }
        return result;
    }

    private static async Task<(int Done, List<double> Samples)> RoundAsync(CompareOptions options, BatonServe serve, PostgresCluster cluster, string folder,
        CancellationToken cancellationToken)
    {
        await using var set = await PgHubs.StartAsync(serve, cluster, 2, options.Grace, folder, cancellationToken);
        await using (var coordinator = await set.ConnectAsync(1, null, cancellationToken))
        {
            var imported = await coordinator.ImportAsync(PostgresHubsPeer.Plan(Enumerable.Range(0, Tasks).Select(i => "f" + i.ToString(CultureInfo.InvariantCulture))), cancellationToken);
            if (!imported.IsOk)
            {
                throw new InvalidOperationException("import failed: " + imported.Error.Message);
            }
        }
        var workers = new List<Worker>();
        try
        {
            for (var w = 0; w < options.FailoverWorkers; w++)
            {
                workers.Add(new Worker(await set.ConnectAsync(0, "fw" + w.ToString(CultureInfo.InvariantCulture), cancellationToken), set.Urls[1]));
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var running = workers.Select(w => Task.Run(() => w.RunAsync(stop.Token), CancellationToken.None)).ToList();
            try
            {
                while (workers.Sum(w => w.Done) < DoneBeforeKill)
                {
                    var failed = running.FirstOrDefault(t => t.IsFaulted);
                    if (failed is not null)
                    {
                        await failed;
                    }
                    await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
                }
                var done = workers.Sum(w => w.Done);
                var killedAt = Stopwatch.GetTimestamp();
                foreach (var worker in workers)
                {
                    worker.KilledAt = killedAt;
                }
                await set.KillAsync(0);
                var moved = await Task.WhenAll(workers.Select(w => w.MovedOn)).WaitAsync(options.Grace + TimeSpan.FromSeconds(60), cancellationToken);
                return (done, [.. moved.Select(at => Stopwatch.GetElapsedTime(killedAt, at).TotalMilliseconds)]);
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.Client.DisposeAsync();
            }
        }
    }

    // Claims and reports until stopped; after KilledAt is set, the first task it is given through the hub it moves to
    // completes MovedOn with the time (a reply the killed hub sent just before it died does not count).
    private sealed class Worker(BatonClient client, Uri movesTo)
    {
        private readonly TaskCompletionSource<long> _movedOn = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _done;
        private long _killedAt;

        public BatonClient Client => client;

        public int Done => Volatile.Read(ref _done);

        public long KilledAt
        {
            get => Volatile.Read(ref _killedAt);
            set => Volatile.Write(ref _killedAt, value);
        }

        public Task<long> MovedOn => _movedOn.Task;

        public async Task RunAsync(CancellationToken stop)
        {
            var worker = client.Worker!.Value;
            Core.Tasks.Assignment? held = null;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    if (held is null)
                    {
                        var claim = await client.ClaimAsync(new ClaimRequest { Worker = worker, Wait = TimeSpan.FromSeconds(5) }, stop);
                        if (claim.IsOk)
                        {
                            Given();
                            held = claim.Value;
                        }
                        else if (claim.Error.Code is not (ErrorCode.NoTask or ErrorCode.HubUnreachable or ErrorCode.InternalError or ErrorCode.Timeout))
                        {
                            throw new InvalidOperationException($"{worker}: claim refused: {claim.Error.Code}: {claim.Error.Message}");
                        }
                        continue;
                    }
                    var report = await client.ReportAsync(new ReportRequest
                    {
                        TaskId = held.Task.Id,
                        Worker = worker,
                        LeaseId = held.Lease.Id,
                        Outcome = Core.Tasks.ReportOutcome.Done,
                        Summary = "ok",
                        IdempotencyKey = "r-" + held.Lease.Id.Value,
                        Next = new ClaimRequest { Worker = worker },
                    }, stop);
                    if (report.IsOk)
                    {
                        Interlocked.Increment(ref _done);
                        held = report.Value.Next;
                        if (held is not null)
                        {
                            Given();
                        }
                    }
                    else if (report.Error.Code is not (ErrorCode.HubUnreachable or ErrorCode.InternalError or ErrorCode.Timeout))
                    {
                        throw new InvalidOperationException($"{worker}: report on {held.Task.Id} refused: {report.Error.Code}: {report.Error.Message}");
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }

        private void Given()
        {
            var now = Stopwatch.GetTimestamp();
            if (KilledAt != 0 && client.CurrentServer == movesTo)
            {
                _movedOn.TrySetResult(now);
            }
        }
    }
}
