using Baton.Client;
using Baton.Scale.Tests.Support;

namespace Baton.Scale.Tests.Hubs;

/// <summary>
/// <c>kill -9</c> of one of three <c>baton serve</c> processes on one PostgreSQL database in the middle of a run. Its
/// workers, given the other hubs as fallbacks (<c>--server A,B,C</c>), go on through them with their leases; two workers
/// that had no fallback die with it, and whatever they held or waited for is released by the surviving hubs. The run
/// completes; every acknowledged report is in the store; no task is done twice; no lease is left behind.
/// </summary>
public sealed class HubKillTests
{
    private const int Tasks = 3_000;

    // Short, so that what the dead hub's mortal workers held comes back within the test's time.
    private static readonly string[] HubOptions = ["--disconnect-grace", "3s"];

    [Fact]
    public async Task KillNine_OneOfThreeHubsMidRun_ItsWorkersGoOnThroughTheOthers_NothingAcknowledgedLost_NoLeaseLeft_Invariants2And3()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await SharedPostgres.RequireAsync();
        var plan = ScalePlan.Create(Tasks);
        var url = server.Url(await server.CreateDatabaseAsync(ct));
        await using var hubs = await HubSet.StartProcessesAsync(url, 3, HubOptions, ct);
        var run = await ScaleRun.PrepareAsync(hubs.ConnectWorkerAsync, hubs: 3, workers: 9, plan, ct);
        var mortals = new[]
        {
            await run.AddWorkerAsync(hubs.ConnectMortalWorkerAsync, "mortal-0", 0, ct),
            await run.AddWorkerAsync(hubs.ConnectMortalWorkerAsync, "mortal-1", 0, ct),
        };
        var movers = run.Workers.Where(w => w.Client.CurrentServer == hubs.Urls[0] && !mortals.Contains(w)).ToList();
        Assert.Equal(3, movers.Count);
        // The plan goes in through the hubs that survive, so no import is cut.
        List<BatonClient> coordinators = [await hubs.ConnectCoordinatorAsync(1, ct), await hubs.ConnectCoordinatorAsync(2, ct)];

        var running = run.RunAsync(plan, coordinators, chunks: 3, ScaleTimeouts.Run, ct);
        await run.Ledger.Reached(Tasks / 3).WaitAsync(ScaleTimeouts.Run, ct);
        var doneAtKill = movers.ToDictionary(w => w.Name, w => w.Done);
        await hubs.Process(0).KillAsync();
        var killed = System.Diagnostics.Stopwatch.StartNew();
        await running;

        await using var store = await hubs.OpenStoreAsync(ct);
        var audit = await RunAudit.OfStoreAsync(store, plan, run.Ledger, ct);
        Assert.True(audit.ViolationCount == 0, audit.Summary);
        Assert.True(audit.Skew < ScaleTimeouts.ClockSkew, audit.Summary);
        Assert.All(movers, w =>
        {
            Assert.NotEqual(hubs.Urls[0], w.Client.CurrentServer);
            Assert.True(w.Done > doneAtKill[w.Name], $"{w.Name} did nothing after its hub died ({w.Done} before and after)");
        });
        Assert.All(mortals, w => Assert.True(w.Gone, $"{w.Name} outlived its hub"));

        // A one-shot CLI call given the dead hub first goes on to the next address.
        var cli = await ServeProcess.RunCliAsync(["status", "--json", "--server", $"{hubs.Urls[0]},{hubs.Urls[1]}"],
            new Dictionary<string, string> { ["BATON_TOKEN"] = hubs.Token }, Path.GetTempPath(), ct);
        Assert.True(cli.ExitCode == 0, $"baton status --server dead,alive exited {cli.ExitCode}: {cli.Output}{cli.Errors}");
        using var status = System.Text.Json.JsonDocument.Parse(cli.Output);
        Assert.True(status.RootElement.GetProperty("complete").GetBoolean(), cli.Output);
        var held = string.Join(", ", mortals.Select(m => m.HeldWhenGone).OfType<string>());
        TestContext.Current.SendDiagnosticMessage(
            $"killed after {Tasks / 3} acknowledged, the run ended {killed.Elapsed.TotalSeconds:F1} s later ({run.Elapsed.TotalSeconds:F1} s in all); the workers that died with it held {(held.Length == 0 ? "nothing" : held)}; retried: {(run.Retried.Length == 0 ? "nothing" : run.Retried)}; {audit.Summary}");
    }
}
