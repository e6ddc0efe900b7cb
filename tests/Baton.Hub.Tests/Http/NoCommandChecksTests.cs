using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Tests.Http;

/// <summary><c>baton serve --no-command-checks</c>: the hub takes no plan that would run a program.</summary>
public sealed class NoCommandChecksTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "baton-hub-test-" + Guid.NewGuid().ToString("N")[..10]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in /tmp are harmless.
        }
    }

    [Fact]
    public async Task Import_PlanWithCommandCheck_IsForbidden()
    {
        await using var hub = await BatonHub.StartAsync(new HubOptions
        {
            StorePath = Path.Combine(_directory, ".baton", "baton.db"),
            Urls = "http://127.0.0.1:0",
            CreateStoreIfMissing = true,
            NoCommandChecks = true,
            ConfigureLogging = logging => logging.ClearProviders(),
        }, TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = hub.Url };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", Baton.Core.Access.HubToken.Local(Baton.Hub.Access.AccessKey.LoadOrCreate(Path.Combine(_directory, ".baton"))));
        var ct = TestContext.Current.CancellationToken;

        var response = await http.PostAsync("/api/import", new StringContent(
            """{"tasks": [{"id": "t1", "title": "build", "acceptance": [{"check": "command", "run": ["make"]}]}]}""", Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("forbidden", error.RootElement.GetProperty("code").GetString());
        Assert.Contains("--no-command-checks", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
