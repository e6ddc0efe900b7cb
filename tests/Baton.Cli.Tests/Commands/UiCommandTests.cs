using System.Net;
using System.Text.Json;
using Baton.Cli.Tests.Crash;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Commands;

/// <summary><c>baton ui</c>: the sign-in link is the first line, it signs a browser in once, and in local mode the
/// command serves the page while other baton calls keep working on the store.</summary>
public sealed class UiCommandTests
{
    private const string Plan = """{"plan":"p","tasks":[{"id":"ui-a","title":"first"},{"id":"ui-b","title":"second","depends_on":["ui-a"]}]}""";

    [Fact]
    public async Task Ui_LocalMode_PrintsTheLinkFirst_AndServesThePage_WhileLocalCallsWork()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), Plan, TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        using var ui = BatonCli.Start(repo.Root, ["ui", "--no-open"]);
        try
        {
            var first = await ui.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TestTimeouts.Command, TestContext.Current.CancellationToken);
            Assert.NotNull(first);
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/login\?once=[A-Za-z0-9_-]{40,}$", first);

            // A local call on the same store while the command's hub serves it.
            await repo.RunOkAsync("claim", "--worker", "w-local");
            var board = await SignInAndReadBoardAsync(new Uri(first));

            var rows = board.GetProperty("tasks").EnumerateArray().ToList();
            Assert.Equal(["ui-a", "ui-b"], rows.Select(r => r[0].GetString()));
            Assert.Equal("w-local", rows[0][3].GetString());
        }
        finally
        {
            ui.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Ui_WithAHubOnTheStore_UsesIt_AndExits()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), Plan, TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        using var hub = await HubProcess.StartAsync(repo.Root, HubProcess.FreePort());

        var result = await repo.RunAsync("ui", "--no-open", "--role", "observer", "--json");

        Assert.Equal(0, result.ExitCode);
        using var output = JsonDocument.Parse(result.Stdout.Split('\n')[0]);
        var url = output.RootElement.GetProperty("url").GetString()!;
        Assert.StartsWith(hub.Url.ToString() + "login?once=", url, StringComparison.Ordinal);
        Assert.Equal("observer", output.RootElement.GetProperty("role").GetString());
        Assert.False(output.RootElement.GetProperty("serving").GetBoolean());
        var board = await SignInAndReadBoardAsync(new Uri(url));
        Assert.Equal("observer", board.GetProperty("session").GetProperty("role").GetString());
    }

    [Fact]
    public async Task Ui_BadRole_IsRefused()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");

        var result = await repo.RunAsync("ui", "--no-open", "--role", "worker");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--role", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    private static async Task<JsonElement> SignInAndReadBoardAsync(Uri link)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var login = await http.GetAsync(link, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(link, "/api/board"));
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("X-Baton-Page", "1");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
