using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Commands;

public sealed class DemoCommandTests
{
    [Theory]
    [InlineData("hub")]
    [InlineData("local")]
    public async Task Demo_InEitherMode_CompletesEveryTaskWithExitZero(string mode)
    {
        using var repo = new TempRepo();
        string[] args = mode == "local" ? ["demo", "--json", "--local"] : ["demo", "--json"];

        var result = await BatonCli.RunAsync(repo.Root, args, timeout: TestTimeouts.Demo);

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = result.Json();
        Assert.True(summary.GetProperty("complete").GetBoolean());
        Assert.Equal(3, summary.GetProperty("tasks").GetInt32());
        Assert.Equal(3, summary.GetProperty("done").GetInt32());
        Assert.Equal(3, summary.GetProperty("per_worker").EnumerateObject().Sum(w => w.Value.GetInt32()));
        Assert.True(summary.TryGetProperty("handoff_p50_ms", out _), result.ToString());
    }
}
