using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Access;

/// <summary>
/// What a web page open in the engineer's browser can send to the hub: "simple" cross-site requests (a text/plain
/// POST, no preflight), a WebSocket upgrade with its own Origin, and anything at all through DNS rebinding (its own
/// name in Host). Each is refused before it reaches a token check or an endpoint, and nothing changes.
/// </summary>
public sealed class BrowserAttackTests
{
    private const string Evil = "http://evil.example";

    private static string PlanWithCommand(string marker) => $$"""
        {"tasks":[{"id":"c1","title":"c","acceptance":[{"check":"command","run":["touch","{{marker}}"]}]}]}
        """;

    [Fact]
    public async Task ThreeCurlChain_FromAForeignOrigin_IsRefusedAndRunsNothing()
    {
        await using var hub = await TestHub.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var marker = Path.Combine(hub.AccessDirectory, "pwned");
        var before = await LastEventIdAsync(hub);
        // Even with a valid token (a page cannot have one, but the Origin check must not depend on that).
        foreach (var token in new[] { null, hub.Token })
        {
            using var http = new HttpClient { BaseAddress = hub.Url };
            foreach (var (path, body) in new[]
            {
                ("/api/import", PlanWithCommand(marker)),
                ("/api/claim", """{"worker":"evil","wait":false}"""),
                ("/api/report", """{"worker":"evil","task_id":"c1","outcome":"done","summary":"s","files":[],"context_score":5}"""),
                ("/api/tasks/c1/check", ""),
            })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
                request.Headers.TryAddWithoutValidation("Origin", Evil);
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }
                using var response = await http.SendAsync(request, ct);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
                Assert.Equal("forbidden", error.GetProperty("code").GetString());
                Assert.Contains("Origin", error.GetProperty("message").GetString());
            }
        }
        Assert.False(File.Exists(marker));
        Assert.Equal(before, await LastEventIdAsync(hub));
    }

    [Fact]
    public async Task TextPlainBody_WithAValidTokenAndNoOrigin_IsRefusedAs415()
    {
        await using var hub = await TestHub.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        using var http = hub.Http();
        var before = await LastEventIdAsync(hub);
        using var response = await http.PostAsync("/api/import", new StringContent("""{"tasks":[{"id":"a","title":"a"}]}""", Encoding.UTF8, "text/plain"), ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(before, await LastEventIdAsync(hub));
    }

    [Theory]
    [InlineData("/api/status", "GET")]
    [InlineData("/api/import", "POST")]
    [InlineData("/mcp", "POST")]
    [InlineData("/ws", "GET")]
    public async Task ForeignHost_DnsRebinding_IsRefused(string path, string method)
    {
        await using var hub = await TestHub.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        using var http = hub.Http();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Host = $"rebind.evil.example:{hub.Url.Port}";
        if (method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("rebind.evil.example", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task OwnNames_AndTheHubsOwnOrigin_AreServed()
    {
        await using var hub = await TestHub.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        using var http = hub.Http();
        foreach (var host in new[] { "localhost", "127.0.0.1" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
            request.Headers.Host = $"{host}:{hub.Url.Port}";
            request.Headers.TryAddWithoutValidation("Origin", $"http://{host}:{hub.Url.Port}");
            using var response = await http.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task WebSocketUpgrade_FromAForeignOrigin_IsRefused()
    {
        await using var hub = await TestHub.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", Evil);
        socket.Options.SetRequestHeader("Authorization", "Bearer " + hub.Token);
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(hub.SocketUrl, ct));
        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task McpChain_FromAForeignOrigin_IsRefusedAndRunsNothing()
    {
        await using var hub = await TestHub.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var marker = Path.Combine(hub.AccessDirectory, "pwned-mcp");
        var before = await LastEventIdAsync(hub);
        using var http = hub.Http();
        var calls = new[]
        {
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"page","version":"1"}}}""",
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"create_tasks","arguments":""" + PlanWithCommand(marker) + "}}",
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"claim_task","arguments":{"worker":"evil"}}}""",
        };
        foreach (var call in calls)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(call, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Origin", Evil);
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
            using var response = await http.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.False(File.Exists(marker));
        Assert.Equal(before, await LastEventIdAsync(hub));
    }

    internal static async Task<long> LastEventIdAsync(TestHub hub)
    {
        await using var store = await Baton.Storage.Sqlite.SqliteStore.OpenAsync(
            new Baton.Storage.Sqlite.SqliteStoreOptions { DatabasePath = hub.StorePath, WatchForChanges = false }, TestContext.Current.CancellationToken);
        return await store.LastEventIdAsync(TestContext.Current.CancellationToken);
    }
}
