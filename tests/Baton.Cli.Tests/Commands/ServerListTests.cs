using Baton.Cli.Tests.Crash;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Commands;

/// <summary><c>--server URL1,URL2</c> (and <c>BATON_SERVER</c> likewise): the first hub that answers serves the call.</summary>
public sealed class ServerListTests
{
    [Fact]
    public async Task ServerList_FirstHubDown_TheNextServesTheCall()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        using var hub = await HubProcess.StartAsync(repo.Root, HubProcess.FreePort());
        var dead = $"127.0.0.1:{HubProcess.FreePort()}";

        var viaOption = await repo.RunAsync("status", "--json", "--server", $"{dead}, {hub.Url}");
        var viaEnvironment = await BatonCli.RunAsync(repo.Root, ["status", "--json"], env: new Dictionary<string, string?> { ["BATON_SERVER"] = $"{dead},{hub.Url}" });

        Assert.True(viaOption.ExitCode == 0, viaOption.ToString());
        Assert.Equal(0, viaOption.Json().GetProperty("total").GetInt32());
        Assert.True(viaEnvironment.ExitCode == 0, viaEnvironment.ToString());
    }

    [Fact]
    public async Task ServerList_AnEntryThatIsNoUrl_ExitsTwoNamingIt()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");

        var bad = await repo.RunAsync("status", "--server", "http://127.0.0.1:7411,ftp://example:21");

        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("ftp://example:21", bad.Stderr, StringComparison.Ordinal);
    }
}
