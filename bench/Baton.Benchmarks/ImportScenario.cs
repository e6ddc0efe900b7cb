using System.Diagnostics;
using System.Globalization;
using System.Text;
using Baton.Core.Plans;
using Baton.Service;
using Baton.Storage.Sqlite;

namespace Baton.Benchmarks;

/// <summary>
/// One plan of N tasks that all reserve files, imported through local mode (parse, overlap warnings, one SQLite
/// transaction) into a fresh store on disk: issue 26's "100,000 tasks with files import in under 5 s". Groups of
/// four tasks are chained by dependencies; the first of each holds its group's folder (<c>src/mN/**</c>), which
/// overlaps the others' files but is ordered with them, and every task holds a test folder or a docs file of its
/// own; one task in 20,000 also holds <c>docs/**</c>, which overlaps a quarter of the plan (warned).
/// </summary>
internal static class ImportScenario
{
    public static async Task<BenchResult> RunAsync(int tasks)
    {
        var plan = Plan(tasks);
        var dir = Path.Combine(Path.GetTempPath(), "baton-bench-" + Guid.NewGuid().ToString("N")[..8]);
        BenchResult result;
        await using (var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = Path.Combine(dir, ".baton", "baton.db"), CreateIfMissing = true }, CancellationToken.None))
        {
            var api = new LocalBaton(store, TimeProvider.System);
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var imported = await api.ImportAsync(plan, CancellationToken.None);
            var seconds = clock.Elapsed.TotalSeconds;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            if (!imported.IsOk || imported.Value.Imported.Count != tasks)
            {
                throw new InvalidOperationException("the import failed: " + imported.Error?.Message);
            }
            // The parse again, warm, to show its share: the rest is the store's transaction.
            clock.Restart();
            PlanParser.Parse(plan, new PlanParseOptions { RepositoryRoot = store.RepositoryRoot }, CancellationToken.None);
            var parseSeconds = clock.Elapsed.TotalSeconds;
            using var process = Process.GetCurrentProcess();
            result = new BenchResult("import (plan with files)", "local, LocalBaton.ImportAsync into SQLite",
                string.Create(CultureInfo.InvariantCulture, $"{tasks:N0} tasks, {plan.Length / 1e6:F1} MB, {imported.Value.Warnings.Count} warning lines"),
                string.Create(CultureInfo.InvariantCulture,
                    $"{seconds:F2} s, {allocated / 1e6:F0} MB allocated (parse and warnings alone, warm: {parseSeconds:F2} s); process peak working set {process.PeakWorkingSet64 / 1e6:F0} MB"));
        }
        Directory.Delete(dir, recursive: true);
        return result;
    }

    private static string Plan(int tasks)
    {
        var json = new StringBuilder("{\"name\": \"bench\", \"tasks\": [");
        for (var i = 0; i < tasks; i++)
        {
            var group = i / 4;
            var own = i % 4 == 0 ? $"src/m{group}/**" : $"src/m{group}/f{i}.cs";
            var second = i % 4 == 3 ? $"docs/m{group}/t{i}.md" : $"tests/m{group}/t{i}/**";
            var shared = i % 20_000 == 1 ? ", \"docs/**\"" : "";
            var dependsOn = i % 4 == 0 ? "" : $", \"depends_on\": [\"t{i - 1}\"]";
            json.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}{{\"id\": \"t{i}\", \"title\": \"Task {i}\", \"files\": [\"{own}\", \"{second}\"{shared}]{dependsOn}}}");
        }
        return json.Append("]}").ToString();
    }
}
