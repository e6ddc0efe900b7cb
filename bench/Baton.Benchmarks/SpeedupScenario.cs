using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Baton.Client;
using Baton.Core.Access;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Hub;
using Baton.Hub.Access;
using Microsoft.Extensions.Logging;

namespace Baton.Benchmarks;

/// <summary>
/// Parallel speedup through the hub: an in-process hub on port 0 and N <see cref="BatonClient"/> workers whose
/// every step is scripted (claim, wait a fixed 200 ms, report done). Wall time runs from the moment the workers
/// start asking to the last accepted report; the plan is imported and the workers connected before.
/// </summary>
internal static class SpeedupScenario
{
    public static readonly TimeSpan StepTime = TimeSpan.FromMilliseconds(200);

    private static readonly int[] WorkerCounts = [1, 3, 8];

    public static async Task<List<BenchResult>> RunAsync()
    {
        var results = new List<BenchResult>();
        foreach (var plan in new[] { SpeedupPlan.Independent(24), SpeedupPlan.Structured() })
        {
            TimeSpan? single = null;
            foreach (var workers in WorkerCounts)
            {
                var run = await RunPlanAsync(plan, workers);
                single ??= run.Wall;
                var bound = plan.LowerBound(workers) * StepTime;
                var greedy = plan.GreedySteps(workers) * StepTime;
                var figure = string.Create(CultureInfo.InvariantCulture,
                    $"wall {run.Wall.TotalMilliseconds:F0} ms, speedup {single.Value / run.Wall:F2}x; bound {bound.TotalMilliseconds:F0} ms, Baton's order {greedy.TotalMilliseconds:F0} ms, overhead {(run.Wall - greedy).TotalMilliseconds / plan.GreedySteps(workers):F1} ms/step; max running {run.MaxRunning}, overlapping group max {run.MaxOverlapping}");
                results.Add(new BenchResult("speedup (200 ms steps)", "hub, BatonClient workers", $"{plan.Name}, {workers} worker(s)", figure));
                Console.Error.WriteLine($"speedup: {plan.Name}, {workers} worker(s): {figure}");
            }
        }
        return results;
    }

    private sealed record Run(TimeSpan Wall, int MaxRunning, int MaxOverlapping);

    private static async Task<Run> RunPlanAsync(SpeedupPlan plan, int workers)
    {
        var dir = Path.Combine(Path.GetTempPath(), "baton-speedup-" + Guid.NewGuid().ToString("N")[..8]);
        var hub = await BatonHub.StartAsync(new HubOptions
        {
            StorePath = Path.Combine(dir, ".baton", "baton.db"),
            Urls = "http://127.0.0.1:0",
            CreateStoreIfMissing = true,
            ConfigureLogging = logging => logging.ClearProviders(),
        }, CancellationToken.None);
        var clients = new List<BatonClient>();
        var token = HubToken.Local(AccessKey.LoadOrCreate(Path.Combine(dir, ".baton")));
        try
        {
            var coordinator = await ConnectAsync(hub.Url, token, null);
            clients.Add(coordinator);
            var imported = await coordinator.ImportAsync(plan.ToJson(), CancellationToken.None);
            if (!imported.IsOk)
            {
                throw new InvalidOperationException(imported.Error.Message);
            }
            for (var w = 0; w < workers; w++)
            {
                clients.Add(await ConnectAsync(hub.Url, token, new WorkerId("w" + w.ToString(CultureInfo.InvariantCulture))));
            }
            var intervals = new ConcurrentBag<(string Id, TimeSpan Start, TimeSpan End)>();
            var remaining = plan.Tasks.Count;
            var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var stop = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            var loops = clients.Skip(1).Select((c, w) => WorkerLoopAsync(c, new WorkerId("w" + w.ToString(CultureInfo.InvariantCulture)), clock, intervals, () =>
            {
                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    allDone.TrySetResult();
                }
            }, stop.Token)).ToList();
            await allDone.Task.WaitAsync(TimeSpan.FromMinutes(2));
            var wall = clock.Elapsed;
            await stop.CancelAsync();
            await Task.WhenAll(loops);
            return new Run(wall, MaxConcurrent(intervals.ToList()), MaxConcurrent(intervals.Where(i => i.Id.StartsWith("shared-", StringComparison.Ordinal)).ToList()));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
            await hub.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<BatonClient> ConnectAsync(Uri url, string token, WorkerId? worker)
    {
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = url,
            Token = token,
            Role = worker is null ? "coordinator" : "worker",
            Worker = worker,
        }, CancellationToken.None);
        return connected.IsOk ? connected.Value : throw new InvalidOperationException(connected.Error.Message);
    }

    private static async Task WorkerLoopAsync(BatonClient client, WorkerId worker, Stopwatch clock, ConcurrentBag<(string, TimeSpan, TimeSpan)> intervals, Action finished, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var claim = await client.ClaimAsync(new ClaimRequest { Worker = worker, Wait = TimeSpan.FromMinutes(1) }, stop);
                if (!claim.IsOk)
                {
                    if (claim.Error.Code == ErrorCode.NoTask)
                    {
                        continue;
                    }
                    throw new InvalidOperationException(claim.Error.Message);
                }
                var started = clock.Elapsed;
                await Task.Delay(StepTime, CancellationToken.None);
                var ended = clock.Elapsed;
                var report = await client.ReportAsync(new ReportRequest { TaskId = claim.Value.Task.Id, Worker = worker, Outcome = ReportOutcome.Done, Summary = "scripted step" }, CancellationToken.None);
                if (!report.IsOk)
                {
                    throw new InvalidOperationException(report.Error.Message);
                }
                intervals.Add((claim.Value.Task.Id.Value, started, ended));
                finished();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The plan is done; the waiting claim was given up.
        }
    }

    private static int MaxConcurrent(List<(string Id, TimeSpan Start, TimeSpan End)> intervals)
    {
        var edges = intervals.SelectMany(i => new[] { (At: i.Start, Delta: 1), (At: i.End, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta);
        int current = 0, max = 0;
        foreach (var (_, delta) in edges)
        {
            current += delta;
            max = Math.Max(max, current);
        }
        return max;
    }
}
