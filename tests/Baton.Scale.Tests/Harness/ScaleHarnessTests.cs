using Baton.Scale.Tests.Support;

namespace Baton.Scale.Tests.Harness;

/// <summary>
/// The harness on the embedded store, where PostgreSQL is not needed: a plan of the scale shape through one hub on
/// SQLite, judged by the same audit as the runs on several hubs, so a failure there is told apart from a harness bug.
/// </summary>
public sealed class ScaleHarnessTests
{
    [Fact]
    public async Task Run_OneSqliteHub_TwelveWorkers_TwoThousandTasks_AuditFindsNoViolation()
    {
        var ct = TestContext.Current.CancellationToken;
        var plan = ScalePlan.Create(2_000);
        await using var hubs = await HubSet.StartSqliteAsync(TimeSpan.FromSeconds(15), ct);
        var run = await ScaleRun.PrepareAsync(hubs.ConnectWorkerAsync, hubs: 1, workers: 12, plan, ct);
        var coordinator = await hubs.ConnectCoordinatorAsync(0, ct);

        await run.RunAsync(plan, [coordinator], chunks: 4, ScaleTimeouts.Run, ct);

        await using var store = await hubs.OpenStoreAsync(ct);
        var audit = await RunAudit.OfStoreAsync(store, plan, run.Ledger, ct);
        Assert.True(audit.ViolationCount == 0, audit.Summary);
        Assert.Equal(plan.Tasks.Count, audit.Leases);
        Assert.Equal(plan.Tasks.Count, run.Ledger.Count);
        Assert.Equal("", run.Retried);
    }
}
