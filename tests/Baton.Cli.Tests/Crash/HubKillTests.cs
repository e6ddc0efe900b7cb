using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Crash;

/// <summary>Invariant 2 (nothing acknowledged is lost) and 3 (no duplicate work) with a real hub process that is
/// killed with SIGKILL mid-run and started again on the same store and port.</summary>
public sealed class HubKillTests
{
    private const int Tasks = 60;

    [Fact]
    public async Task Invariant2_HubKilledMidRun_AcknowledgedReportsKeptNoTaskLostOrDoneTwice()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), CrashPlans.Independent(Tasks), TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        var port = HubProcess.FreePort();
        string[] serve = ["--lease", "3s", "--disconnect-grace", "1s"];
        var hub = await HubProcess.StartAsync(repo.Root, port, serve);
        var acknowledged = new ConcurrentBag<(string Task, long Report, string Worker)>();
        try
        {
            var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(4);
            var ct = TestContext.Current.CancellationToken;
            var workers = Enumerable.Range(1, 3).Select(i => new CrashWorker(hub.Url, hub.Token, $"w{i}", acknowledged)).ToList();
            var running = workers.Select(w => Task.Run(() => w.RunAsync(deadline, ct), ct)).ToList();
            // A worker process too: the demo worker holds its connection (persistent) and reconnects on its own.
            using var demo = BatonCli.Start(repo.Root, ["demo-worker", "--worker", "p1", "--repo", repo.Root, "--work-time", "50ms", "--server", hub.Url.ToString()]);
            var demoOut = demo.StandardOutput.ReadToEndAsync(ct);
            var demoErr = demo.StandardError.ReadToEndAsync(ct);

            // Kill in the middle: once a fair share is acknowledged and the worker process is connected (its first
            // connect does not retry: a CLI call fails at once when no hub listens), after a random extra moment.
            await WaitUntilAsync(() => acknowledged.Count >= Tasks / 4, deadline, "workers never got going");
            using var http = hub.Http();
            while (!(await http.GetFromJsonAsync<JsonElement>("/api/status", ct)).GetProperty("workers").EnumerateArray()
                .Any(w => w.GetProperty("name").GetString() == "p1" && w.GetProperty("connected").GetBoolean()))
            {
                Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the worker process never connected");
                await Task.Delay(20, ct);
            }
#pragma warning disable CA5394 // The kill moment is random on purpose; it needs no secure randomness.
            await Task.Delay(Random.Shared.Next(0, 300), ct);
#pragma warning restore CA5394
            var before = acknowledged.Count;
            await hub.KillAsync();
            hub.Dispose();
            hub = await HubProcess.StartAsync(repo.Root, port, serve);

            await Task.WhenAll(running);
            await demo.WaitForExitAsync(ct);
            Assert.True(demo.ExitCode == 0, $"demo-worker exit {demo.ExitCode}\n{await demoOut}\n{await demoErr}");
            Assert.True(acknowledged.Count > before, "no report was acknowledged after the restart");
        }
        finally
        {
            await hub.KillAsync();
            hub.Dispose();
        }

        AuditAfterRun(repo, acknowledged);
    }

    internal static void AuditAfterRun(TempRepo repo, IEnumerable<(string Task, long Report, string Worker)> acknowledged)
    {
        using var audit = new StoreAudit(repo.PathOf(".baton/baton.db"));
        Assert.Equal("ok", audit.IntegrityCheck());
        Assert.Empty(audit.Problems());
        Assert.All(audit.States(), s => Assert.Equal("done", s.Value));
        var done = audit.DoneReports();
        Assert.Equal(done.Count, done.Select(d => d.Task).Distinct().Count());
        foreach (var ack in acknowledged)
        {
            Assert.Contains(ack, done);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, DateTimeOffset deadline, string failure)
    {
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, failure);
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
