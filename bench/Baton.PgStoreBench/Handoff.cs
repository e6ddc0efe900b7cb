using System.Diagnostics;
using System.Globalization;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Storage.Postgres;
using Baton.Testing;

namespace Baton.PgStoreBench;

/// <summary>A task imported through one store object reaching a waiter on another (two hubs' stores on one database):
/// the waiter sleeps on its store's change feed, which only PostgreSQL's NOTIFY at the import's commit can wake, then
/// claims. Timed from the start of the import to the claim's answer; beside it, the same through one store object (its
/// own commit wakes it directly).</summary>
internal static class Handoff
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    public static async Task<string> RunAsync(PostgresServer server, int samples, bool crossStore, bool background, CancellationToken cancellationToken)
    {
        var database = await server.CreateDatabaseAsync(cancellationToken);
        Task<PostgresStore> OpenAsync() => PostgresStore.OpenAsync(new PostgresStoreOptions
        {
            Location = PostgresLocation.Parse(server.Url(database)),
            RepositoryRoot = Path.GetTempPath(),
            CreateIfMissing = true,
            SyncInBackground = background,
        }, cancellationToken);
        await using var a = await OpenAsync();
        await using var b = crossStore ? await OpenAsync() : a;
        // The waiter's store listens from its first waiter on: start it before the clock does.
        var first = b.Changes.Next;
        if (crossStore)
        {
            await b.Feed.Listening.WaitAsync(cancellationToken);
            await first.WaitAsync(cancellationToken);
        }
        var worker = new WorkerId("waiter");
        var wakes = new List<double>();
        var claims = new List<double>();
        for (var i = 0; i < samples + samples / 10; i++)
        {
            var changed = b.Changes.Next;
            var started = Stopwatch.GetTimestamp();
            var import = a.ImportAsync([new TaskSpec { Id = new TaskId("h" + i.ToString(CultureInfo.InvariantCulture)), Title = "handoff", Description = "x" }],
                null, [], TimeProvider.System.GetUtcNow(), cancellationToken);
            // A wake is a hint: the waiter's own last commit may wake it once more, before the task is there.
            TimeSpan woken, claimed;
            Baton.Core.Errors.Result<Assignment> claim;
            while (true)
            {
                await changed.WaitAsync(cancellationToken);
                woken = Stopwatch.GetElapsedTime(started);
                changed = b.Changes.Next;
                claim = await b.ClaimAsync(new ClaimRequest { Worker = worker }, Lease, TimeProvider.System.GetUtcNow(), cancellationToken);
                claimed = Stopwatch.GetElapsedTime(started);
                if (claim.IsOk)
                {
                    break;
                }
                if (import.IsCompleted && await import is { IsOk: false } refused)
                {
                    throw new InvalidOperationException(refused.Error!.Message);
                }
            }
            await import;
            if (!claim.IsOk)
            {
                throw new InvalidOperationException(claim.Error!.Message);
            }
            var report = await b.ReportAsync(new ReportRequest
            {
                TaskId = claim.Value.Task.Id,
                Worker = worker,
                LeaseId = claim.Value.Lease.Id,
                Outcome = ReportOutcome.Done,
                Summary = "done",
            }, TimeProvider.System.GetUtcNow(), cancellationToken);
            if (!report.IsOk)
            {
                throw new InvalidOperationException(report.Error!.Message);
            }
            // The first tenth warms up (JIT, prepared statements).
            if (i >= samples / 10)
            {
                wakes.Add(woken.TotalMilliseconds);
                claims.Add(claimed.TotalMilliseconds);
            }
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"woken p50 {Percentile(wakes, 0.5):F2} ms, p99 {Percentile(wakes, 0.99):F2} ms; claimed p50 {Percentile(claims, 0.5):F2} ms, p99 {Percentile(claims, 0.99):F2} ms");
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
