using System.Net;
using System.Text;
using System.Text.Json;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Dashboard;

/// <summary>A signed-in page, as a browser would hold it: the session cookie, sent by hand on each request.</summary>
internal sealed class PageSession : IAsyncDisposable
{
    private PageSession(HttpClient http, string cookie, string origin) => (Http, Cookie, Origin) = (http, cookie, origin);

    public HttpClient Http { get; }

    /// <summary><c>name=value</c>, as a Cookie header carries it.</summary>
    public string Cookie { get; }

    /// <summary>The hub's own origin (<c>http://127.0.0.1:PORT</c>).</summary>
    public string Origin { get; }

    /// <summary>A client that follows no redirect and keeps no cookie: every header is the test's.</summary>
    public static HttpClient Bare(TestHub hub)
        => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = hub.Url };

    /// <summary>A one-time sign-in link's path, asked for with <paramref name="token"/> (default: the repository's own).</summary>
    public static async Task<string> LinkAsync(TestHub hub, string role, string? token = null)
    {
        using var http = hub.Http(token);
        using var response = await http.PostAsync("/api/ui/login", HttpJson.Body($"{{\"role\":\"{role}\"}}"), TestContext.Current.CancellationToken);
        var body = await HttpJson.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("path").GetString()!;
    }

    public static async Task<PageSession> SignInAsync(TestHub hub, string role, string? token = null)
    {
        var link = await LinkAsync(hub, role, token);
        var http = Bare(hub);
        using var response = await http.GetAsync(link, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        return new PageSession(http, cookie, $"http://127.0.0.1:{hub.Url.Port}");
    }

    /// <summary>A request as the page makes it: the cookie and X-Baton-Page, plus <paramref name="headers"/>.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", Cookie);
        request.Headers.Add("X-Baton-Page", "1");
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        return ValueTask.CompletedTask;
    }
}
