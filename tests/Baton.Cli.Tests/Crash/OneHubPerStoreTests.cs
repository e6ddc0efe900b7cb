using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Crash;

/// <summary>One hub per store, with real <c>baton serve</c> processes: a second refuses naming the first, the lock
/// dies with a hub killed -9, and <c>baton run</c> without <c>--server</c> uses the hub that serves the store.</summary>
public sealed class OneHubPerStoreTests
{
    [Fact]
    public async Task Serve_SecondOnTheStore_RefusesNamingTheFirst_AndAfterKill9ANewOneStarts()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), CrashPlans.Independent(2), TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        var store = repo.PathOf(".baton/baton.db");
        var first = await HubProcess.StartAsync(repo.Root, HubProcess.FreePort());
        try
        {
            var eventsBefore = (await repo.RunOkAsync("events", "--json")).Stdout;
            var secondPort = HubProcess.FreePort();

            var second = await repo.RunAsync("serve", "--urls", $"http://127.0.0.1:{secondPort}", "--store", store);

            var url = first.Url.ToString().TrimEnd('/');
            Assert.True(second.ExitCode == 2, second.ToString());
            Assert.Contains($"a hub already serves this store at {url} (pid {first.Pid}); stop it first or use --server {url}", second.Stderr, StringComparison.Ordinal);
            Assert.Equal(eventsBefore, (await repo.RunOkAsync("events", "--json")).Stdout);
            // Local mode names the hub too.
            var status = await repo.RunOkAsync("status");
            Assert.Contains($"a hub serves this store at {url} (pid {first.Pid})", status.Stderr, StringComparison.Ordinal);

            // kill -9 runs no shutdown code and leaves the record; the kernel drops the lock with the process.
            await first.KillAsync();
            Assert.True(File.Exists(store + ".hub.json"), "expected the killed hub's record to stay");
            Assert.DoesNotContain("a hub serves this store", (await repo.RunOkAsync("status")).Stderr, StringComparison.Ordinal);
            using var next = await HubProcess.StartAsync(repo.Root, secondPort);
            var afterKill = await repo.RunOkAsync("status");
            Assert.Contains($"a hub serves this store at {next.Url.ToString().TrimEnd('/')} (pid {next.Pid})", afterKill.Stderr, StringComparison.Ordinal);
            await next.StopAsync();
            Assert.False(File.Exists(store + ".hub.json"), "a hub stopped with SIGTERM left its record");
        }
        finally
        {
            first.Dispose();
        }
    }

    [Fact]
    public async Task Run_WithoutServer_WhileAHubServesTheStore_UsesThatHub()
    {
        using var repo = await GitRepo.CreateAsync();
        Assert.Equal(0, (await repo.RunAsync("init")).ExitCode);
        await repo.WriteAsync("plan.json", """{"tasks": [{"id": "a", "title": "Write out/a.txt", "files": ["out/a.txt"], "acceptance": [{"check": "not_empty", "path": "out/a.txt"}]}]}""");
        var agent = await repo.ScriptAsync("agent.sh", "mkdir -p out\necho \"$BATON_SERVER\" > out/a.txt\n");
        using var hub = await HubProcess.StartAsync(repo.Root, HubProcess.FreePort());
        var url = hub.Url.ToString().TrimEnd('/');

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "1", "--plan", "plan.json");

        Assert.True(run.ExitCode == 0, run.ToString() + "\n--- hub\n" + hub.Log);
        Assert.Contains($"using the hub that serves this store at {url} (pid {hub.Pid})", run.Stdout, StringComparison.Ordinal);
        // The agent was pointed at that hub, and the hub saw the run's workers.
        Assert.StartsWith(url, await repo.GitAsync("show", "main:out/a.txt"), StringComparison.Ordinal);
        var status = await BatonCli.RunAsync(repo.Root, ["status", "--json", "--server", url]);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains(status.Json().GetProperty("workers").EnumerateArray(), w => w.GetProperty("name").GetString() == "worker-1");
    }
}
