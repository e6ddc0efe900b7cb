using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Crash;

/// <summary>A worker process killed with SIGKILL while it holds a task: the task comes back after the grace (or
/// the lease) and another worker finishes it.</summary>
public sealed class WorkerKillTests
{
    [Fact]
    public async Task Invariant2_WorkerProcessKilledMidTask_TaskComesBackAndAnotherWorkerFinishesIt()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), CrashPlans.Independent(4, maxAttempts: 3), TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        var ct = TestContext.Current.CancellationToken;
        using var hub = await HubProcess.StartAsync(repo.Root, HubProcess.FreePort(), "--lease", "3s", "--disconnect-grace", "1s");
        using var http = hub.Http();
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(3);

        // The victim works slowly (a minute per task), so it is surely mid-task when killed.
        using var victim = BatonCli.Start(repo.Root, ["demo-worker", "--worker", "victim", "--repo", repo.Root, "--work-time", "1m", "--server", hub.Url.ToString()]);
        string? held = null;
        while (held is null)
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the victim never claimed a task");
            var status = await http.GetFromJsonAsync<JsonElement>("/api/status", ct);
            held = status.GetProperty("workers").EnumerateArray()
                .Where(w => w.GetProperty("name").GetString() == "victim")
                .SelectMany(w => w.GetProperty("current_tasks").EnumerateArray())
                .Select(t => t.GetString())
                .FirstOrDefault();
            await Task.Delay(50, ct);
        }
        victim.Kill();
        await victim.WaitForExitAsync(ct);

        var acknowledged = new ConcurrentBag<(string Task, long Report, string Worker)>();
        await new CrashWorker(hub.Url, hub.Token, "rescuer", acknowledged).RunAsync(deadline, ct);

        var show = await http.GetFromJsonAsync<JsonElement>($"/api/tasks/{held}", ct);
        var attempts = show.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal("victim", attempts[0].GetProperty("worker").GetString());
        Assert.Contains(attempts[0].GetProperty("ending").GetString(), new[] { "lost", "expired" });
        Assert.Equal("rescuer", attempts[1].GetProperty("worker").GetString());
        Assert.Equal("done", attempts[1].GetProperty("ending").GetString());
        Assert.Equal(4, acknowledged.Count);
        await hub.KillAsync();
        HubKillTests.AuditAfterRun(repo, acknowledged);
    }
}
