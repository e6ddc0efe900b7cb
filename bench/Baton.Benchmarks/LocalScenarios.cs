using System.Diagnostics;
using System.Globalization;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Service;
using Baton.Storage.Sqlite;

namespace Baton.Benchmarks;

/// <summary>Local mode: each worker has its own connection to one store file, as separate processes would.</summary>
internal static class LocalScenarios
{
    private static string NewStorePath()
    {
        var dir = Path.Combine(Path.GetTempPath(), "baton-bench-" + Guid.NewGuid().ToString("N")[..8]);
        return Path.Combine(dir, ".baton", "baton.db");
    }

    private static Task<SqliteStore> OpenAsync(string path, bool create = false)
        => SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path, CreateIfMissing = create }, CancellationToken.None);

    private static TaskSpec Spec(int i) => new() { Id = new TaskId("t" + i.ToString(CultureInfo.InvariantCulture)), Title = "task " + i };

    public static async Task<BenchResult> LifecycleAsync(int workers, int tasks, bool shared = false)
    {
        var path = NewStorePath();
        await using (var setup = await OpenAsync(path, create: true))
        {
            await setup.ImportAsync(Enumerable.Range(0, tasks).Select(Spec).ToList(), null, [], TimeProvider.System.GetUtcNow(), CancellationToken.None);
        }
        var stores = new List<SqliteStore>();
        // shared: one store object for all workers, as in the hub, where the writer loop group-commits.
        var one = shared ? await OpenAsync(path) : null;
        for (var w = 0; w < workers; w++)
        {
            stores.Add(one ?? await OpenAsync(path));
        }
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(stores.Select((store, w) => Task.Run(async () =>
        {
            var worker = new WorkerId("w" + w.ToString(CultureInfo.InvariantCulture));
            while (true)
            {
                var claim = await store.ClaimAsync(new ClaimRequest { Worker = worker }, TimeSpan.FromMinutes(10), TimeProvider.System.GetUtcNow(), CancellationToken.None);
                if (!claim.IsOk)
                {
                    return;
                }
                await store.ReportAsync(new ReportRequest { TaskId = claim.Value.Task.Id, Worker = worker, Outcome = ReportOutcome.Done, Summary = "ok" },
                    TimeProvider.System.GetUtcNow(), CancellationToken.None);
            }
        })));
        clock.Stop();
        foreach (var store in stores.Distinct())
        {
            await store.DisposeAsync();
        }
        Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, recursive: true);
        var rate = tasks / clock.Elapsed.TotalSeconds;
        return new BenchResult("lifecycle (claim + report done)", shared ? "one store object (group commit)" : "local, one connection per worker", $"{workers} worker(s), {tasks} tasks",
            string.Create(CultureInfo.InvariantCulture, $"{rate:F0} tasks/s"));
    }

    public static async Task<BenchResult> HandoffAsync(int samples)
    {
        var path = NewStorePath();
        await using var producer = await OpenAsync(path, create: true);
        await using var consumerStore = await OpenAsync(path);
        var consumer = new LocalBaton(consumerStore, TimeProvider.System);
        var worker = new WorkerId("waiter");
        var latencies = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var claim = consumer.ClaimAsync(new ClaimRequest { Worker = worker, Wait = TimeSpan.FromSeconds(30) }, CancellationToken.None);
            // Let the waiter reach its wait before the task appears, so this measures a real wake-up.
            await Task.Delay(2);
            var sent = Stopwatch.GetTimestamp();
            await producer.ImportAsync([Spec(i)], null, [], TimeProvider.System.GetUtcNow(), CancellationToken.None);
            var assignment = await claim;
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
            await consumerStore.ReportAsync(new ReportRequest { TaskId = assignment.Value.Task.Id, Worker = worker, Outcome = ReportOutcome.Done, Summary = "ok" },
                TimeProvider.System.GetUtcNow(), CancellationToken.None);
        }
        Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, recursive: true);
        return new BenchResult("handoff (task added -> waiting worker has it)", "local, other connection (file watch)", $"{samples} tasks one at a time", BenchResult.Percentiles(latencies));
    }
}
