using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Commands;

public sealed class ExitCodeTests
{
    [Fact]
    public async Task Parse_UnknownOption_ExitsTwoWithJsonError()
    {
        using var repo = new TempRepo();

        var result = await repo.RunAsync("claim", "--bogus", "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("baton: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("bad_request", result.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Report_WithContextScoreOutOfRange_ExitsTwo()
    {
        using var repo = new TempRepo();

        var result = await repo.RunAsync("report", "t1", "--worker", "w", "--outcome", "done", "--context-score", "9");

        Assert.True(result.ExitCode == 2, result.ToString());
    }

    [Fact]
    public async Task Claim_WithUnreadableWait_ExitsTwo()
    {
        using var repo = new TempRepo();

        var result = await repo.RunAsync("claim", "--worker", "w1", "--wait", "soon");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--wait", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verb_WithNoStoreAnywhere_ExitsFiveNamingInit()
    {
        using var repo = new TempRepo();

        var result = await repo.RunAsync("task", "list", "--json");

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains("run 'baton init'", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("not_found", result.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Verb_InSubdirectory_FindsTheStoreInAParent()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await repo.RunOkAsync("task", "add", "--title", "found", "--id", "p1");
        Directory.CreateDirectory(repo.PathOf("src/deep"));

        var result = await BatonCli.RunAsync(repo.PathOf("src/deep"), ["task", "list"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("p1", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_WhenNothingReady_ExitsThree()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");

        var result = await repo.RunAsync("claim", "--worker", "w1", "--json");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Equal("no_task", result.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Claim_WithoutWorker_ExitsTwo()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");

        var result = await repo.RunAsync("claim");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("BATON_WORKER", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_ByWorkerNotHoldingLease_ExitsFourAndChangesNothing()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await repo.RunOkAsync("task", "add", "--title", "Held", "--id", "h1");
        await repo.RunOkAsync("claim", "--worker", "w1");
        var before = await repo.RunOkAsync("task", "list", "--json");

        var result = await repo.RunAsync("report", "h1", "--worker", "w2", "--outcome", "done", "--summary", "not mine", "--json");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.StartsWith("baton: ", result.Stderr, StringComparison.Ordinal);
        var after = await repo.RunOkAsync("task", "list", "--json");
        Assert.Equal(before.Stdout, after.Stdout);
        var task = after.Json().GetProperty("tasks")[0];
        Assert.Equal("leased", task.GetProperty("state").GetString());
        Assert.Equal("w1", task.GetProperty("current_lease").GetProperty("worker").GetString());
    }

    // A call without a help or version token is parsed by a root without those options (CliApp.BuildFor);
    // these hold the calls that ask for them to what the full root gives.
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public async Task Help_AtTheRootAndOnAVerb_PrintsUsageAndExitsZero(string flag)
    {
        using var repo = new TempRepo();

        var root = await repo.RunAsync(flag);
        var verb = await repo.RunAsync("status", flag);

        Assert.True(root.ExitCode == 0, root.ToString());
        Assert.Contains("Usage:", root.Stdout, StringComparison.Ordinal);
        Assert.Contains("claim", root.Stdout, StringComparison.Ordinal);
        Assert.True(verb.ExitCode == 0, verb.ToString());
        Assert.Contains("--watch", verb.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_FromAResponseFile_PrintsUsageAndExitsZero()
    {
        using var repo = new TempRepo();
        File.WriteAllText(repo.PathOf("help.rsp"), "status\n--help\n");

        var result = await repo.RunAsync("@help.rsp");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--watch", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsAVersionAndExitsZero()
    {
        using var repo = new TempRepo();

        var result = await repo.RunAsync("--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^\d+\.\d+", result.Stdout.Trim());
    }

    [Fact]
    public async Task NoVerb_ExitsTwoAndPointsAtHelp()
    {
        using var repo = new TempRepo();

        var result = await repo.RunAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("baton --help", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_AsText_NamesTheStoreAndCounts()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await repo.RunOkAsync("task", "add", "--title", "one", "--id", "s1");

        var result = await repo.RunAsync("status");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("baton.db", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 task(s): 1 ready", result.Stdout, StringComparison.Ordinal);
    }
}
