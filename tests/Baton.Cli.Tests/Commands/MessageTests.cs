using System.Net;
using System.Net.Sockets;
using Baton.Cli.Tests.Crash;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Commands;

/// <summary>Messages that used to mislead, through the real executable: each says what happened and what to do,
/// with the exit code docs/cli.md gives it.</summary>
public sealed class MessageTests
{
    private const string CheckedPlan = """
        {"tasks": [
          {"id": "fb", "title": "Write out.txt", "description": "write it", "max_attempts": 2, "acceptance": [{"check": "file_exists", "path": "out.txt"}]},
          {"id": "ok", "title": "Nothing to check", "description": "anything"}
        ]}
        """;

    private static async Task<TempRepo> RepoWithAsync(string plan)
    {
        var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), plan, TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        return repo;
    }

    [Fact]
    public async Task Serve_OnAPortAnotherProgramHolds_ExitsTwoSayingThePortIsTakenAndHowToChooseAnother()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        // Another program holds the port for the whole call.
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;

        var serve = await repo.RunAsync("serve", "--urls", $"http://127.0.0.1:{port}");

        Assert.True(serve.ExitCode == 2, serve.ToString());
        Assert.Contains($"cannot listen on http://127.0.0.1:{port}: the port is taken", serve.Stderr, StringComparison.Ordinal);
        Assert.Contains("choose another with --urls", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ThroughAHub_NamesItsStore_AcceptsAServerWithoutScheme_AndWarnsWhenItIsAnotherRepositorysStore()
    {
        using var repo = await RepoWithAsync(Plans.Three());
        using var elsewhere = new TempRepo();
        await elsewhere.RunOkAsync("init");
        using var hub = await HubProcess.StartAsync(repo.Root, HubProcess.FreePort());
        var store = repo.PathOf(".baton/baton.db");
        var port = hub.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // localhost:PORT used to parse as a URI of scheme "localhost" (a 403); now both forms mean http://.
        foreach (var server in new[] { $"localhost:{port}", $"127.0.0.1:{port}" })
        {
            var status = await repo.RunAsync("status", "--server", server);
            Assert.True(status.ExitCode == 0, $"--server {server}: {status}");
            Assert.Contains($"serves {store}", status.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("not this repository's store", status.Stderr, StringComparison.Ordinal);
        }

        // From another repository (with a token the hub accepts), the hub's answer says it serves a different store.
        var foreign = await elsewhere.RunAsync("status", "--server", hub.Url.ToString(), "--token", hub.Token);
        Assert.True(foreign.ExitCode == 0, foreign.ToString());
        Assert.Contains($"serves {store}, not this repository's store {elsewhere.PathOf(".baton/baton.db")}", foreign.Stderr, StringComparison.Ordinal);
        await hub.StopAsync();
    }

    [Fact]
    public async Task Report_DoneWhoseChecksFail_ExitsNineNamingTheFailedCheck()
    {
        using var repo = await RepoWithAsync(CheckedPlan);
        await repo.RunOkAsync("claim", "--worker", "w1");

        var report = await repo.RunAsync("report", "fb", "--worker", "w1", "--outcome", "done", "--summary", "wrote it");

        Assert.True(report.ExitCode == 9, report.ToString());
        Assert.Contains("report fb done not accepted: 1 of 1 acceptance check(s) failed; the task is ready again for attempt 2 of 2", report.Stdout, StringComparison.Ordinal);
        Assert.Contains("[file_exists]", report.Stdout, StringComparison.Ordinal);
        Assert.Contains("out.txt", report.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("reported fb done", report.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Twice_ExitsFourSayingItWasAlreadyReported()
    {
        using var repo = await RepoWithAsync(CheckedPlan);
        await repo.RunOkAsync("claim", "--worker", "w1");
        await repo.RunOkAsync("claim", "--worker", "w2");
        await repo.RunOkAsync("report", "ok", "--worker", "w2", "--outcome", "done", "--summary", "did it");

        var again = await repo.RunAsync("report", "ok", "--worker", "w2", "--outcome", "done", "--summary", "did it");

        Assert.True(again.ExitCode == 4, again.ToString());
        Assert.Contains("w2 already reported ok (done, attempt 1); task is now done", again.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("lease expired", again.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ClaimWait_OnAFinishedPlan_AnswersAtOnceThatThePlanIsComplete(bool throughHub)
    {
        using var repo = await RepoWithAsync("""{"tasks": [{"id": "a", "title": "A", "description": "a"}, {"id": "b", "title": "B", "description": "b"}]}""");
        await repo.RunOkAsync("claim", "--worker", "w1");
        await repo.RunOkAsync("report", "a", "--worker", "w1", "--outcome", "done", "--summary", "done");
        await repo.RunOkAsync("task", "cancel", "b");
        using var hub = throughHub ? await HubProcess.StartAsync(repo.Root, HubProcess.FreePort()) : null;
        string[] server = hub is null ? [] : ["--server", hub.Url.ToString()];

        // A wait of an hour that still returns within the runner's timeout (else it throws): it did not wait.
        var claim = await BatonCli.RunAsync(repo.Root, ["claim", "--worker", "w2", "--wait", "1h", .. server], timeout: TestTimeouts.Command);

        Assert.True(claim.ExitCode == 3, claim.ToString());
        Assert.Contains("the plan is complete (1 cancelled, 1 done): nothing left to claim", claim.Stderr, StringComparison.Ordinal);
        if (hub is not null)
        {
            await hub.StopAsync();
        }
    }

    [Fact]
    public async Task ClaimWait_WithOnlyEscalatedLeft_AnswersAtOncePointingToTheInbox()
    {
        using var repo = await RepoWithAsync("""{"tasks": [{"id": "a", "title": "A", "description": "a"}]}""");
        await repo.RunOkAsync("claim", "--worker", "w1");
        await repo.RunOkAsync("report", "a", "--worker", "w1", "--outcome", "blocked", "--summary", "which database?");

        var claim = await BatonCli.RunAsync(repo.Root, ["claim", "--worker", "w2", "--wait", "1h"], timeout: TestTimeouts.Command);

        Assert.True(claim.ExitCode == 3, claim.ToString());
        Assert.Contains("1 escalated task(s) wait for the engineer (baton inbox)", claim.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stauts", "'stauts' is not a baton verb; did you mean 'status'?")]
    [InlineData("task lsit", "'lsit' is not a 'task' verb; did you mean 'list'?")]
    [InlineData("frobnicate", "'frobnicate' is not a baton verb; the verbs are: init, task,")]
    public async Task Parse_UnknownVerb_ExitsTwoOfferingTheClosest(string words, string expected)
    {
        using var repo = new TempRepo();

        var result = await repo.RunAsync(words.Split(' '));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("baton: " + expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command was not provided", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_WithAnEscalatedTask_NamesItAndPointsToTheInbox()
    {
        using var repo = await RepoWithAsync(CheckedPlan);
        await repo.RunOkAsync("claim", "--worker", "w1");
        await repo.RunOkAsync("report", "fb", "--worker", "w1", "--outcome", "blocked", "--summary", "which format?");

        var status = await repo.RunOkAsync("status");

        Assert.Contains("needs you (1 escalated): 'baton inbox'", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("fb: blocked: which format?", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_AfterFailedChecks_CountsThemAndAveragesAttemptsOverEveryTriedTask()
    {
        using var repo = await RepoWithAsync(CheckedPlan);
        // fb fails its check twice (escalated after its 2 attempts); ok is done in one.
        foreach (var worker in new[] { "w1", "w3" })
        {
            await repo.RunOkAsync("claim", "--worker", worker);
            var failed = await repo.RunAsync("report", "fb", "--worker", worker, "--outcome", "done", "--summary", "wrote it");
            Assert.True(failed.ExitCode == 9, failed.ToString());
        }
        await repo.RunOkAsync("claim", "--worker", "w2");
        await repo.RunOkAsync("report", "ok", "--worker", "w2", "--outcome", "done", "--summary", "did it");

        var stats = (await repo.RunOkAsync("stats", "--json")).Json();
        var text = await repo.RunOkAsync("stats");

        Assert.Equal(1.5, stats.GetProperty("attempts_per_task").GetDouble());
        Assert.Equal(2, stats.GetProperty("failures_detected").GetInt32());
        Assert.Equal(2, stats.GetProperty("failed_checks").GetInt32());
        Assert.Contains("attempts per task:      1.50", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("avg over 2 failure(s) (0 lost worker(s), 2 failed check run(s), 0 failed report(s))", text.Stdout, StringComparison.Ordinal);
    }
}
