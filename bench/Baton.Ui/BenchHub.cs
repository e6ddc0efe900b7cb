using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Baton.Core.Access;
using Baton.Hub;
using Baton.Hub.Access;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Baton.Ui;

/// <summary>A hub in this process on a free loopback port over a fresh SQLite store, driven over its HTTP API with the
/// repository's own token (as agents drive it), and pages signed in through <c>/api/ui/login</c> as <c>baton ui</c> does.</summary>
internal sealed class BenchHub : IAsyncDisposable
{
    private readonly string _directory;
    private readonly HttpClient _http;

    private BenchHub(string directory, RunningHub hub)
    {
        _directory = directory;
        Hub = hub;
        _http = new HttpClient { BaseAddress = hub.Url, Timeout = TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HubToken.Local(AccessKey.LoadOrCreate(Path.Combine(directory, ".baton"))));
    }

    public RunningHub Hub { get; }

    public static async Task<BenchHub> StartAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "baton-ui-bench-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        var hub = await BatonHub.StartAsync(new HubOptions
        {
            StorePath = Path.Combine(directory, ".baton", "baton.db"),
            Urls = "http://127.0.0.1:0",
            CreateStoreIfMissing = true,
            ConfigureLogging = logging => logging.ClearProviders(),
        }, cancellationToken);
        return new BenchHub(directory, hub);
    }

    public async Task<IPage> OpenAsync(IBrowser browser, string role = "coordinator", int width = 1280, int height = 800)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(await LoginUrlAsync(role));
        await page.WaitForSelectorAsync("body[data-ready=true]");
        return page;
    }

    public async Task<string> LoginUrlAsync(string role = "coordinator")
        => new Uri(Hub.Url, (await PostAsync("/api/ui/login", $"{{\"role\":\"{role}\"}}")).GetProperty("path").GetString()).ToString();

    public async Task<JsonElement> PostAsync(string path, string json, bool mustSucceed = true)
    {
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (mustSucceed && !response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetAsync(string path)
        => JsonDocument.Parse(await _http.GetStringAsync(path)).RootElement.Clone();

    /// <summary>A claim by a worker that accepts the labels the bench's plans use.</summary>
    public Task<JsonElement> ClaimAsync(string worker, bool mustSucceed = true)
        => PostAsync("/api/claim", $"{{\"worker\":\"{worker}\",\"labels\":[\"backend\",\"frontend\",\"docs\"]}}", mustSucceed);

    public Task<JsonElement> ReportAsync(string worker, string task, string outcome, string summary, int? contextScore = null)
        => PostAsync("/api/report", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["worker"] = worker,
            ["task_id"] = task,
            ["outcome"] = outcome,
            ["summary"] = summary,
            ["context_score"] = contextScore,
        }, BenchJson.Default.DictionaryStringObject));

    public Task<JsonElement> HeartbeatAsync(string worker, string note)
        => PostAsync("/api/heartbeat", JsonSerializer.Serialize(new Dictionary<string, object?> { ["worker"] = worker, ["note"] = note }, BenchJson.Default.DictionaryStringObject));

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
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

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, object?>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(int))]
internal sealed partial class BenchJson : System.Text.Json.Serialization.JsonSerializerContext;
