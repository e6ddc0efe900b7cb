using Baton.Scale.Tests.Support;

namespace Baton.Scale.Tests.Hubs;

/// <summary>
/// The scale run of issue 29: three hubs on one PostgreSQL database (in this process, each with a store of its own, as
/// three <c>baton serve</c> would have), twelve workers spread over them, ten thousand tasks with dependencies and
/// overlapping file globs, imported in chunks through the three hubs in turn while the workers run. The store's event
/// log is the judge (<see cref="RunAudit"/>).
/// </summary>
public sealed class ThreeHubsRunTests
{
    private const int Tasks = 10_000;

    [Fact]
    public async Task Run_ThreeHubsTwelveWorkersTenThousandTasks_EachDoneOnce_ReservationsAndDependenciesKept_Invariants1To4()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await SharedPostgres.RequireAsync();
        var plan = ScalePlan.Create(Tasks);
        await using var hubs = await HubSet.StartPostgresAsync(server.Url(await server.CreateDatabaseAsync(ct)), 3, TimeSpan.FromSeconds(15), ct);
        var run = await ScaleRun.PrepareAsync(hubs.ConnectWorkerAsync, hubs: 3, workers: 12, plan, ct);
        List<Baton.Client.BatonClient> coordinators = [];
        for (var i = 0; i < 3; i++)
        {
            coordinators.Add(await hubs.ConnectCoordinatorAsync(i, ct));
        }

        await run.RunAsync(plan, coordinators, chunks: 5, ScaleTimeouts.Run, ct);

        await using var store = await hubs.OpenStoreAsync(ct);
        var audit = await RunAudit.OfStoreAsync(store, plan, run.Ledger, ct);
        Assert.True(audit.ViolationCount == 0, audit.Summary);
        Assert.True(audit.Skew < ScaleTimeouts.ClockSkew, audit.Summary);
        Assert.Equal(Tasks, run.Ledger.Count);
        Assert.Equal(Tasks, audit.Leases);
        // Every hub served: each of the twelve workers, four at each hub, was given work.
        Assert.All(run.Workers, w => Assert.True(w.Done > 0, $"{w.Name} did no task"));
        Assert.Equal("", run.Retried);
        TestContext.Current.SendDiagnosticMessage($"{Tasks} tasks over 3 hubs in {run.Elapsed.TotalSeconds:F1} s (acknowledged every 10 s: {run.Progress}); {audit.Summary}");
    }
}
