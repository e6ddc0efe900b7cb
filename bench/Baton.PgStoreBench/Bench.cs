using System.Diagnostics;
using System.Globalization;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Storage.Postgres;
using Baton.Testing;
using Npgsql;

namespace Baton.PgStoreBench;

/// <summary>The rows of the run, each a way to get tasks through one PostgreSQL server with the same number of
/// concurrent workers: the raw SKIP LOCKED queue (Baton.Compare's peer: a claim and an ack, each its own commit), and
/// Baton's PostgreSQL store, one or two store objects (as one or two hubs), with report --next (one write per task) or a
/// claim and a report (two), committing with synchronous_commit on (the default) or flushing in the background
/// (PostgresStoreOptions.SyncInBackground). Each worker loops until the preloaded tasks are gone; tasks/s counts the tasks after the
/// first tenth (a warm-up, untimed for every row alike).</summary>
internal static class Bench
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(int tasks, int rounds, int workers, CancellationToken cancellationToken)
    {
        await using var server = await PostgresServer.StartNewAsync(fsync: true, cancellationToken);
        Console.WriteLine($"PostgreSQL at 127.0.0.1:{server.Port} (fsync on), {tasks} tasks, {workers} workers, {rounds} rounds");
        var rows = new (string Name, Func<Task<(double Rate, string Detail)>> Run)[]
        {
            ("postgres SKIP LOCKED (claim, ack)", () => PeerAsync(server, tasks, workers, cancellationToken)),
            ("store, 1 object, report --next", () => StoreAsync(server, tasks, workers, stores: 1, next: true, background: false, cancellationToken)),
            ("store, 2 objects, report --next", () => StoreAsync(server, tasks, workers, stores: 2, next: true, background: false, cancellationToken)),
            ("store, 1 object, claim + report", () => StoreAsync(server, tasks, workers, stores: 1, next: false, background: false, cancellationToken)),
            ("store, 1 object, --next, bg flush", () => StoreAsync(server, tasks, workers, stores: 1, next: true, background: true, cancellationToken)),
            ("store, 2 objects, --next, bg flush", () => StoreAsync(server, tasks, workers, stores: 2, next: true, background: true, cancellationToken)),
        };
        var results = rows.ToDictionary(r => r.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            // Rows take turns, starting one later each round, so a busy spell of the machine does not fall on one row.
            for (var i = 0; i < rows.Length; i++)
            {
                var (name, run) = rows[(i + round) % rows.Length];
                var (rate, detail) = await run();
                results[name].Add(rate);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round + 1}: {name,-36} {rate,8:F0} tasks/s  {detail}"));
            }
        }
        foreach (var (cross, background) in new[] { (true, false), (true, true), (false, false) })
        {
            var what = (cross ? "A to B (NOTIFY)" : "one store object") + (background ? ", bg flush" : "");
            Console.WriteLine($"handoff, {what}: " + await Handoff.RunAsync(server, 500, cross, background, cancellationToken));
        }
        Console.WriteLine("opening: " + await Opening.RunAsync(server, 21, cancellationToken));
        var peer = Median(results[rows[0].Name]);
        Console.WriteLine();
        Console.WriteLine("| row | tasks/s (median, range) | / peer |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (var (name, _) in rows)
        {
            var list = results[name];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Median(list):F0} ({list.Min():F0}-{list.Max():F0}) | {Median(list) / peer:F2}x |"));
        }
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    // Times the tasks after the first tenth of them were done.
    private sealed class Clock(int tasks)
    {
        private readonly int _warm = tasks / 10;
        private int _done;
        private long _warmAt = Stopwatch.GetTimestamp();

        public void Done()
        {
            if (Interlocked.Increment(ref _done) == _warm)
            {
                Volatile.Write(ref _warmAt, Stopwatch.GetTimestamp());
            }
        }

        public double Rate() => (Volatile.Read(ref _done) - _warm) / Stopwatch.GetElapsedTime(Volatile.Read(ref _warmAt)).TotalSeconds;
    }

    private static async Task<(double, string)> StoreAsync(PostgresServer server, int tasks, int workers, int stores, bool next, bool background,
        CancellationToken cancellationToken)
    {
        var database = await server.CreateDatabaseAsync(cancellationToken);
        var root = Path.GetTempPath();
        var opened = new List<PostgresStore>();
        try
        {
            for (var i = 0; i < stores; i++)
            {
                opened.Add(await PostgresStore.OpenAsync(new PostgresStoreOptions
                {
                    Location = PostgresLocation.Parse(server.Url(database)),
                    RepositoryRoot = root,
                    CreateIfMissing = true,
                    SyncInBackground = background,
                }, cancellationToken));
            }
            var specs = Enumerable.Range(0, tasks).Select(i => new TaskSpec
            {
                Id = new TaskId("t" + i.ToString("D6", CultureInfo.InvariantCulture)),
                Title = "task " + i.ToString(CultureInfo.InvariantCulture),
                Description = "do the thing",
            }).ToList();
            var imported = await opened[0].ImportAsync(specs, "bench", [], TimeProvider.System.GetUtcNow(), cancellationToken);
            if (!imported.IsOk)
            {
                throw new InvalidOperationException(imported.Error!.Message);
            }
            await VacuumAsync(server, database, cancellationToken);
            var clock = new Clock(tasks);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(
                () => WorkAsync(opened[w % stores], new WorkerId("w" + w.ToString(CultureInfo.InvariantCulture)), next, clock, cancellationToken), cancellationToken)));
            return (clock.Rate(), string.Join("; ", opened.Select(s => s.Counters + (background ? $", {s.Flushes} flushes" : ""))));
        }
        finally
        {
            foreach (var store in opened)
            {
                await store.DisposeAsync();
            }
        }
    }

    private static async Task WorkAsync(PostgresStore store, WorkerId worker, bool next, Clock clock, CancellationToken cancellationToken)
    {
        var claim = new ClaimRequest { Worker = worker };
        var held = await store.ClaimAsync(claim, Lease, TimeProvider.System.GetUtcNow(), cancellationToken);
        while (held.IsOk)
        {
            var report = new ReportRequest
            {
                TaskId = held.Value.Task.Id,
                Worker = worker,
                LeaseId = held.Value.Lease.Id,
                Outcome = ReportOutcome.Done,
                Summary = "done",
            };
            if (next)
            {
                var reported = await store.ReportAndClaimAsync(report, claim, Lease, TimeProvider.System.GetUtcNow(), cancellationToken);
                Check(reported);
                clock.Done();
                held = reported.Value.Next is { } assigned ? assigned : Baton.Core.Errors.Result<Assignment>.Fail(Baton.Core.Errors.ErrorCode.NoTask, "none");
            }
            else
            {
                Check(await store.ReportAsync(report, TimeProvider.System.GetUtcNow(), cancellationToken));
                clock.Done();
                held = await store.ClaimAsync(claim, Lease, TimeProvider.System.GetUtcNow(), cancellationToken);
            }
        }
    }

    private static void Check<T>(Baton.Core.Errors.Result<T> result)
    {
        if (!result.IsOk)
        {
            throw new InvalidOperationException(result.Error!.Message);
        }
    }

    private static async Task VacuumAsync(PostgresServer server, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection);
        await vacuum.ExecuteNonQueryAsync(cancellationToken);
    }

    // Baton.Compare's PostgreSQL peer, as it runs there: a queue table, a claim by UPDATE … FOR UPDATE SKIP LOCKED and an
    // ack by UPDATE, each its own commit, prepared statements, one connection per consumer.
    private static async Task<(double, string)> PeerAsync(PostgresServer server, int tasks, int workers, CancellationToken cancellationToken)
    {
        var database = await server.CreateDatabaseAsync(cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString(database));
        await using (var schema = dataSource.CreateCommand("""
            CREATE TABLE tasks (id bigserial PRIMARY KEY, state text NOT NULL, payload text NOT NULL, lease_until timestamptz);
            CREATE INDEX tasks_ready ON tasks (id) WHERE state = 'ready';
            """))
        {
            await schema.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var preload = dataSource.CreateCommand(
            "INSERT INTO tasks (state, payload) SELECT 'ready', 'task-' || g || ' do the thing' FROM generate_series(1, $1) AS g"))
        {
            preload.Parameters.AddWithValue(tasks);
            await preload.ExecuteNonQueryAsync(cancellationToken);
        }
        await VacuumAsync(server, database, cancellationToken);
        var clock = new Clock(tasks);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var claim = new NpgsqlCommand("""
                UPDATE tasks SET state = 'leased', lease_until = now() + interval '10 minutes'
                WHERE id = (SELECT id FROM tasks WHERE state = 'ready' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
                RETURNING id
                """, connection);
            await using var ack = new NpgsqlCommand("UPDATE tasks SET state = 'done' WHERE id = $1", connection);
            var id = new NpgsqlParameter<long> { TypedValue = 0 };
            ack.Parameters.Add(id);
            await claim.PrepareAsync(cancellationToken);
            await ack.PrepareAsync(cancellationToken);
            while (await claim.ExecuteScalarAsync(cancellationToken) is long claimed)
            {
                id.TypedValue = claimed;
                await ack.ExecuteNonQueryAsync(cancellationToken);
                clock.Done();
            }
        }, cancellationToken)));
        return (clock.Rate(), "");
    }
}
