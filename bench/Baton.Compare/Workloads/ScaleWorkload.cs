using System.Diagnostics;
using System.Globalization;
using Baton.Compare.Peers;
using Baton.Compare.Servers;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Storage.Sqlite;

namespace Baton.Compare.Workloads;

/// <summary>
/// Workload 5: does a claim get slower as the store grows? Two SQLite stores are preloaded through
/// <see cref="SqliteStore.ImportAsync"/> with 1,000 and with <c>--scale-tasks</c> ready tasks; then one consumer
/// (in-process store calls, as in the baton-local row) claims a task and reports it done, alternating between the
/// two stores so both see the same machine load. After each measured pair one task is imported (untimed), so every
/// claim finds the same number of ready tasks. The sampling runs twice, with the stores opened as
/// <c>baton serve</c> opens its store and then as a one-shot CLI call opens it (<see cref="Configurations"/>).
/// </summary>
internal static class ScaleWorkload
{
    /// <summary>The small store's size; the big one is <c>--scale-tasks</c>.</summary>
    public const int SmallTasks = 1_000;

    // Tasks per ImportAsync call in the preload: one transaction each (all or nothing, as a plan import is).
    // Larger chunks amortize the commit; much larger ones only grow the transaction.
    internal const int PreloadChunk = 20_000;

    // The sampling stops early past this, so a claim that scans the store cannot stall the whole run; the
    // report then says how many samples were taken.
    private static readonly TimeSpan SampleBudget = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private static readonly WorkerId Worker = new("scale");

    /// <summary>
    /// How the stores are opened for sampling. They differ in who copies the WAL into the database: the hub's
    /// store does it on a connection of its own, off the commit path; a one-shot call leaves it to SQLite, which
    /// makes every commit that finds 1,000 pages in the WAL copy them (and fsync the database) before it returns.
    /// In a 263 MB store those pages lie scattered over the file, so those commits, about one claim or report in
    /// a hundred, are what sets the one-shot configuration's p99 apart; the claim itself does not scan.
    /// </summary>
    internal static readonly (string Name, Func<string, SqliteStoreOptions> Options)[] Configurations =
    [
        ("`baton serve`: the writer flushes on a thread of its own, WAL checkpoints in the background",
            path => new SqliteStoreOptions { DatabasePath = path, WatchForChanges = false, SyncInBackground = true, CheckpointInBackground = true }),
        ("one-shot CLI call: synchronous=FULL, SQLite's automatic checkpoints inside commits",
            path => new SqliteStoreOptions { DatabasePath = path, WatchForChanges = false }),
    ];

    public static async Task<ScaleResult> RunAsync(CompareOptions options, CancellationToken cancellationToken)
    {
        var result = new ScaleResult { Requested = options.ScaleSamples };
        using var data = ScratchDirectory.Create("scale");
        try
        {
            var preloaded = new List<(int Tasks, string Path, TimeSpan Took, long Bytes)>();
            foreach (var size in new[] { SmallTasks, options.ScaleTasks })
            {
                var path = Path.Combine(data.Path, "n" + size.ToString(CultureInfo.InvariantCulture), ".baton", "baton.db");
                // No waiters here, so no file watcher.
                await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path, CreateIfMissing = true, WatchForChanges = false }, cancellationToken);
                var took = await PreloadAsync(store, size, cancellationToken);
                preloaded.Add((size, path, took, StoreBytes(path)));
            }
            for (var c = 0; c < Configurations.Length; c++)
            {
                var (name, configure) = Configurations[c];
                Progress("sampling, the stores opened as by " + name);
                var stores = new List<SqliteStore>();
                try
                {
                    var rows = new List<ScaleRow>();
                    foreach (var (tasks, path, took, bytes) in preloaded)
                    {
                        stores.Add(await SqliteStore.OpenAsync(configure(path), cancellationToken));
                        rows.Add(new ScaleRow(name, tasks, took, bytes));
                    }
                    result.Rows.AddRange(rows);
                    await SampleAsync(stores, rows, "x" + c.ToString(CultureInfo.InvariantCulture) + "-", result, cancellationToken);
                }
                finally
                {
                    foreach (var store in stores)
                    {
                        await store.DisposeAsync();
                    }
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            result.Problem = $"failed: {ex.GetType().Name}: {ex.Message}";
            Progress(result.Problem);
        }
        return result;
    }

    private static async Task<TimeSpan> PreloadAsync(SqliteStore store, int tasks, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var first = 0; first < tasks; first += PreloadChunk)
        {
            var chunk = Enumerable.Range(first, Math.Min(PreloadChunk, tasks - first)).Select(i => Spec("t" + i.ToString(CultureInfo.InvariantCulture))).ToList();
            var imported = await store.ImportAsync(chunk, null, [], TimeProvider.System.GetUtcNow(), cancellationToken);
            if (!imported.IsOk)
            {
                throw new InvalidOperationException("baton import failed: " + imported.Error.Message);
            }
            var done = first + chunk.Count;
            if (done % 100_000 == 0 && done < tasks)
            {
                Progress(string.Create(CultureInfo.InvariantCulture, $"preloading: {done:N0} of {tasks:N0} tasks ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)"));
            }
        }
        var took = Stopwatch.GetElapsedTime(started);
        Progress(string.Create(CultureInfo.InvariantCulture, $"preloaded {tasks:N0} ready tasks in {took.TotalSeconds:F1} s ({tasks / took.TotalSeconds:N0} tasks/s)"));
        return took;
    }

    private static async Task SampleAsync(List<SqliteStore> stores, List<ScaleRow> rows, string topUpPrefix, ScaleResult result, CancellationToken cancellationToken)
    {
        var warmup = Math.Clamp(result.Requested / 20, 5, 20);
        var claims = stores.Select(_ => new List<double>(result.Requested)).ToArray();
        var reports = stores.Select(_ => new List<double>(result.Requested)).ToArray();
        var both = stores.Select(_ => new List<double>(result.Requested)).ToArray();
        var started = Stopwatch.GetTimestamp();
        var measured = 0;
        for (var i = 0; i < warmup + result.Requested; i++)
        {
            if (i > warmup && Stopwatch.GetElapsedTime(started) > SampleBudget)
            {
                result.Note = string.Create(CultureInfo.InvariantCulture,
                    $"sampling ({rows[0].Configuration}) stopped after {measured} of {result.Requested} samples per store ({SampleBudget.TotalMinutes:F0} min budget)");
                Progress(result.Note);
                break;
            }
            for (var s = 0; s < stores.Count; s++)
            {
                var (claim, report) = await ClaimAndReportAsync(stores[s], cancellationToken);
                if (i >= warmup)
                {
                    claims[s].Add(claim);
                    reports[s].Add(report);
                    both[s].Add(claim + report);
                }
                // Keep the ready count where the preload left it (untimed).
                var topUp = await stores[s].ImportAsync([Spec(topUpPrefix + i.ToString(CultureInfo.InvariantCulture))], null, [], TimeProvider.System.GetUtcNow(), cancellationToken);
                if (!topUp.IsOk)
                {
                    throw new InvalidOperationException("baton import failed: " + topUp.Error.Message);
                }
            }
            if (i >= warmup)
            {
                measured++;
                if (measured % 100 == 0)
                {
                    Progress(string.Create(CultureInfo.InvariantCulture, $"{measured} samples per store ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)"));
                }
            }
        }
        for (var s = 0; s < stores.Count; s++)
        {
            rows[s].Samples = measured;
            rows[s].Both = LatencySummary.From(both[s]);
            rows[s].Claim = LatencySummary.From(claims[s]);
            rows[s].Report = LatencySummary.From(reports[s]);
            Progress(string.Create(CultureInfo.InvariantCulture,
                $"{rows[s].Tasks:N0} tasks: claim + report p50/p99/max µs {rows[s].Both}; claim {rows[s].Claim}; report {rows[s].Report}"));
        }
    }

    // One claim and its done report, in-process on the store; microseconds each.
    private static async Task<(double Claim, double Report)> ClaimAndReportAsync(SqliteStore store, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var claim = await store.ClaimAsync(new ClaimRequest { Worker = Worker }, Lease, TimeProvider.System.GetUtcNow(), cancellationToken);
        var claimed = Stopwatch.GetTimestamp();
        if (!claim.IsOk)
        {
            throw new InvalidOperationException("baton claim failed: " + claim.Error.Message);
        }
        var report = await store.ReportAsync(
            new ReportRequest { TaskId = claim.Value.Task.Id, Worker = Worker, Outcome = ReportOutcome.Done, Summary = "ok" },
            TimeProvider.System.GetUtcNow(), cancellationToken);
        var reported = Stopwatch.GetTimestamp();
        if (!report.IsOk)
        {
            throw new InvalidOperationException("baton report failed: " + report.Error.Message);
        }
        return (Stopwatch.GetElapsedTime(started, claimed).TotalMicroseconds, Stopwatch.GetElapsedTime(claimed, reported).TotalMicroseconds);
    }

    private static TaskSpec Spec(string id) => new() { Id = new TaskId(id), Title = "do the thing " + id };

    private static long StoreBytes(string path)
        => new[] { path, path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    private static void Progress(string message) => Console.Error.WriteLine($"[scale] {message}");
}
