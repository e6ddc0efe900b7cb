using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Baton.Core.Access;
using Baton.Hub;
using Baton.Hub.Access;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Baton.Ui.Tests.Support;

/// <summary>A real hub on a free loopback port over a real SQLite store in a temp folder, driven over its HTTP API
/// with the repository's own token, as agents and the CLI drive it.</summary>
internal sealed class UiHub : IAsyncDisposable
{
    private readonly string _directory;

    private UiHub(string directory, RunningHub hub)
    {
        _directory = directory;
        Hub = hub;
        StorePath = Path.Combine(directory, ".baton", "baton.db");
        Token = HubToken.Local(AccessKey.LoadOrCreate(Path.Combine(directory, ".baton")));
        Http = new HttpClient { BaseAddress = hub.Url };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public RunningHub Hub { get; }

    public Uri Url => Hub.Url;

    public string StorePath { get; }

    /// <summary>The repository's own (coordinator) token.</summary>
    public string Token { get; }

    /// <summary>An HTTP client that sends <see cref="Token"/>.</summary>
    public HttpClient Http { get; }

    public static async Task<UiHub> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "baton-ui-test-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        var hub = await BatonHub.StartAsync(new HubOptions
        {
            StorePath = Path.Combine(directory, ".baton", "baton.db"),
            Urls = "http://127.0.0.1:0",
            CreateStoreIfMissing = true,
            ConfigureLogging = logging => logging.ClearProviders(),
        }, TestContext.Current.CancellationToken);
        return new UiHub(directory, hub);
    }

    /// <summary>A one-time sign-in link, as <c>baton ui</c> asks for it.</summary>
    public async Task<string> LoginUrlAsync(string role = "coordinator")
    {
        var reply = await PostAsync("/api/ui/login", $"{{\"role\":\"{role}\"}}");
        return new Uri(Url, reply.GetProperty("path").GetString()).ToString();
    }

    /// <summary>A browser page signed in through a fresh link (its own browser context: its own cookies).</summary>
    public async Task<IPage> OpenAsync(IBrowser browser, string role = "coordinator", string view = "")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(await LoginUrlAsync(role));
        await page.WaitForSelectorAsync("body[data-ready=true]");
        if (view.Length > 0)
        {
            await page.ClickAsync($"#tab-{view}");
        }
        return page;
    }

    public Task<JsonElement> ImportAsync(string planJson) => PostAsync("/api/import", planJson);

    public Task<JsonElement> ClaimAsync(string worker, string? labels = null)
        => PostAsync("/api/claim", labels is null ? $"{{\"worker\":\"{worker}\"}}" : $"{{\"worker\":\"{worker}\",\"labels\":[{labels}]}}");

    public Task<JsonElement> ReportAsync(string worker, string task, string outcome, string summary = "did it")
        => PostAsync("/api/report", $"{{\"worker\":\"{worker}\",\"task_id\":\"{task}\",\"outcome\":\"{outcome}\",\"summary\":\"{summary}\"}}");

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> PostAsync(string path, string json)
    {
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(path, body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Hub.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in /tmp are harmless.
        }
    }
}
