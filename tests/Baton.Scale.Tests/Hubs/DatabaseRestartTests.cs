using Baton.Scale.Tests.Support;

namespace Baton.Scale.Tests.Hubs;

/// <summary>
/// PostgreSQL stopped and started in the middle of a run (a restart of the database server): the hubs reconnect, the
/// workers retry what failed meanwhile (same idempotency keys), the run completes, and nothing acknowledged is lost.
/// </summary>
public sealed class DatabaseRestartTests
{
    private const int Tasks = 3_000;

    [Fact]
    public async Task Run_PostgresStoppedAndStartedMidRun_Completes_NothingAcknowledgedLost_Invariant2()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await SharedPostgres.RequireAsync();
        var plan = ScalePlan.Create(Tasks);
        LogSink[] logs = [new(), new()];
        await using var hubs = await HubSet.StartPostgresAsync(server.Url(await server.CreateDatabaseAsync(ct)), 2, TimeSpan.FromSeconds(15), ct,
            probe: i => logs[i]);
        var run = await ScaleRun.PrepareAsync(hubs.ConnectWorkerAsync, hubs: 2, workers: 8, plan, ct);
        List<Baton.Client.BatonClient> coordinators = [await hubs.ConnectCoordinatorAsync(0, ct), await hubs.ConnectCoordinatorAsync(1, ct)];

        var running = run.RunAsync(plan, coordinators, chunks: 1, ScaleTimeouts.Run, ct);
        await run.Ledger.Reached(Tasks / 3).WaitAsync(ScaleTimeouts.Run, ct);
        var before = run.Ledger.Count;
        await server.StopAsync();
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var probe = new Npgsql.NpgsqlConnection(server.AdminConnectionString + ";Pooling=false;Timeout=5");
            await probe.OpenAsync(ct);
        });
        TestContext.Current.SendDiagnosticMessage("a new connection after the stop: " + refused.Message);
        // Down until both hubs have seen it: their /readyz says the store does not answer.
        var down = System.Diagnostics.Stopwatch.StartNew();
        var slowestProbe = TimeSpan.Zero;
        foreach (var hub in new[] { 0, 1 })
        {
            while (true)
            {
                var probe = System.Diagnostics.Stopwatch.StartNew();
                var ready = await hubs.ReadyAsync(hub, ct);
                slowestProbe = probe.Elapsed > slowestProbe ? probe.Elapsed : slowestProbe;
                if (!ready)
                {
                    break;
                }
                Assert.True(down.Elapsed < ScaleTimeouts.Step, $"hub {hub} still ready {down.Elapsed.TotalSeconds:F0} s after PostgreSQL stopped");
                await Task.Delay(20, ct);
            }
        }
        var whileDown = run.Ledger.Count - before;
        var seen = down.Elapsed;
        await server.StartAsync(ct);
        var outage = down.Elapsed;
        await running;

        await using var store = await hubs.OpenStoreAsync(ct);
        var audit = await RunAudit.OfStoreAsync(store, plan, run.Ledger, ct);
        Assert.True(audit.ViolationCount == 0, audit.Summary);
        Assert.True(audit.Skew < ScaleTimeouts.ClockSkew, audit.Summary);
        Assert.Equal(Tasks, run.Ledger.Count);
        // The hubs said so: a writer lost its connection (2800) and was connected again (2801); a change feed lost its
        // (2804) and listens again (2805); no batch failed for want of an answer (2802, 2808).
        var said = string.Join("; ", logs.Select((log, i) => $"hub {i}: "
            + string.Join(", ", log.Entries.Where(e => e.Category == "Baton.Storage.Postgres").Select(e => e.EventId))));
        Assert.Contains(logs, log => log.Has(2800) && log.Has(2801));
        Assert.Contains(logs, log => log.Has(2804) && log.Has(2805));
        Assert.DoesNotContain(logs, log => log.Has(2802) || log.Has(2808));
        TestContext.Current.SendDiagnosticMessage("the stores logged: " + said);
        TestContext.Current.SendDiagnosticMessage(
            $"PostgreSQL stopped after {before} acknowledged ({whileDown} more until both hubs saw it); both hubs' /readyz said so {seen.TotalMilliseconds:F0} ms after the stop (the slowest answer {slowestProbe.TotalMilliseconds:F0} ms); up again after {outage.TotalMilliseconds:F0} ms; workers retried: {(run.Retried.Length == 0 ? "nothing" : run.Retried)}; {audit.Summary}");
    }
}
