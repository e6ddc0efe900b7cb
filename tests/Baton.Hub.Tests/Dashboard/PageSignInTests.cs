using System.Net;
using Baton.Hub.Access;
using Baton.Hub.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Hub.Tests.Dashboard;

/// <summary>The page's sign-in without a browser: the one-time link, the cookie it is traded for, and what a request
/// riding on that cookie must show (docs/security.md, "The page").</summary>
public sealed class PageSignInTests
{
    [Fact]
    public async Task Login_WithFreshLink_SetsHttpOnlyStrictCookie_AndRedirectsToThePage()
    {
        await using var hub = await TestHub.StartAsync();
        var link = await PageSession.LinkAsync(hub, "coordinator");
        using var http = PageSession.Bare(hub);

        using var response = await http.GetAsync(link, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.ToString());
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"baton_ui_{hub.Url.Port}=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain http on loopback
        Assert.DoesNotContain("expires", cookie, StringComparison.OrdinalIgnoreCase); // ends with the browser, or the hub's lifetime
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Login_LinkUsedTwice_IsRefusedTheSecondTime()
    {
        await using var hub = await TestHub.StartAsync();
        var link = await PageSession.LinkAsync(hub, "coordinator");
        using var http = PageSession.Bare(hub);
        using var first = await http.GetAsync(link, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);

        using var second = await http.GetAsync(link, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.False(second.Headers.Contains("Set-Cookie"));
        Assert.Contains("used already or has expired", await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_LinkPastItsLifetime_IsRefused()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var hub = await TestHub.StartAsync(time: time);
        var link = await PageSession.LinkAsync(hub, "coordinator");
        time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        using var http = PageSession.Bare(hub);

        using var response = await http.GetAsync(link, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Page_WithoutSession_ShowsSignInPage401_WithStrictHeaders_AndNoData()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("secret-task");
        using var http = PageSession.Bare(hub);

        using var response = await http.GetAsync("/", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("baton ui", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-task", body, StringComparison.Ordinal);
        var csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Page_WithSession_ServesTheApp_AndItsBoard()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1", "t2");
        await using var page = await PageSession.SignInAsync(hub, "observer");

        using var html = await page.SendAsync(HttpMethod.Get, "/", null);
        var board = await page.GetJsonAsync("/api/board");

        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Contains("/ui/js/app.js", await html.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(["t1", "t2"], board.GetProperty("tasks").EnumerateArray().Select(r => r[0].GetString()));
        Assert.Equal("observer", board.GetProperty("session").GetProperty("role").GetString());
    }

    [Fact]
    public async Task CookieRequest_WithoutThePageHeader_IsRefused()
    {
        await using var hub = await TestHub.StartAsync();
        await using var page = await PageSession.SignInAsync(hub, "coordinator");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/board");
        request.Headers.Add("Cookie", page.Cookie);

        using var response = await page.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Baton-Page", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CookieRequest_FromAnotherPageOfTheSameSite_IsRefused()
    {
        await using var hub = await TestHub.StartAsync();
        await using var page = await PageSession.SignInAsync(hub, "coordinator");

        // A page on another port of 127.0.0.1 is the same site: SameSite=Strict sends the cookie along.
        using var response = await page.SendAsync(HttpMethod.Get, "/api/board", null, ("Sec-Fetch-Site", "same-site"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CookiePost_FromAnotherOrigin_OrWithoutOrigin_IsRefused_AndChangesNothing()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1");
        await using var page = await PageSession.SignInAsync(hub, "coordinator");
        const string cancel = """{"task_id":"t1","reason":"from a page"}""";

        using var foreign = await page.SendAsync(HttpMethod.Post, "/api/tasks/t1/cancel", cancel, ("Origin", "http://127.0.0.1:1"));
        using var bare = await page.SendAsync(HttpMethod.Post, "/api/tasks/t1/cancel", cancel);
        var task = await page.GetJsonAsync("/api/tasks/t1");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Contains("Origin", await bare.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal("ready", task.GetProperty("task").GetProperty("state").GetString());
    }

    [Fact]
    public async Task CookiePost_FromTheHubsOwnPage_IsAccepted()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1");
        await using var page = await PageSession.SignInAsync(hub, "coordinator");

        using var response = await page.SendAsync(HttpMethod.Post, "/api/tasks/t1/cancel", """{"task_id":"t1","reason":"from the page"}""", ("Origin", page.Origin));
        var task = await page.GetJsonAsync("/api/tasks/t1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cancelled", task.GetProperty("task").GetProperty("state").GetString());
        // The audit trail names the page session and the token that opened it.
        Assert.Contains(task.GetProperty("events").EnumerateArray(), e => e.TryGetProperty("actor", out var a) && a.GetString()!.StartsWith("local/ui-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ObserverSession_Resolve_IsForbidden()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1");
        await using var page = await PageSession.SignInAsync(hub, "observer");

        using var response = await page.SendAsync(HttpMethod.Post, "/api/resolve", """{"task_id":"t1","action":"cancel"}""", ("Origin", page.Origin));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("coordinator", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mint_ByObserverToken_OrByPageSession_IsForbidden()
    {
        await using var hub = await TestHub.StartAsync();
        using var observer = hub.Http(hub.CreateToken(HubRole.Observer));
        await using var page = await PageSession.SignInAsync(hub, "coordinator");

        using var byObserver = await observer.PostAsync("/api/ui/login", HttpJson.Body("{}"), TestContext.Current.CancellationToken);
        using var bySession = await page.SendAsync(HttpMethod.Post, "/api/ui/login", "{}", ("Origin", page.Origin));

        Assert.Equal(HttpStatusCode.Forbidden, byObserver.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bySession.StatusCode);
    }

    [Fact]
    public async Task Mint_AWorkersPage_IsRefused()
    {
        await using var hub = await TestHub.StartAsync();
        using var http = hub.Http();

        using var response = await http.PostAsync("/api/ui/login", HttpJson.Body("""{"role":"worker"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Session_WhenItsTokenIsRevoked_Ends()
    {
        await using var hub = await TestHub.StartAsync();
        var coordinator = hub.CreateToken(HubRole.Coordinator);
        await using var page = await PageSession.SignInAsync(hub, "coordinator", coordinator);
        var id = coordinator["baton_".Length..coordinator.IndexOf('.', StringComparison.Ordinal)];
        Assert.True(new TokenRegistry(hub.AccessDirectory, TimeProvider.System).Revoke(id).IsOk);

        using var response = await page.SendAsync(HttpMethod.Get, "/api/board", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("no longer holds", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_AfterHubRestart_HasEnded()
    {
        var first = await TestHub.StartAsync();
        var storePath = first.StorePath;
        var port = first.Url.Port;
        var page = await PageSession.SignInAsync(first, "coordinator");
        await first.Hub.StopAsync();
        await using var second = await TestHub.StartAsync(storePath: storePath);

        using var http = PageSession.Bare(second);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/board");
        // The same cookie value under the new port's name: what a browser holding the old session would show.
        request.Headers.Add("Cookie", page.Cookie.Replace($"baton_ui_{port}=", $"baton_ui_{second.Url.Port}=", StringComparison.Ordinal));
        request.Headers.Add("X-Baton-Page", "1");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("ended", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await page.DisposeAsync();
    }

    [Fact]
    public async Task Assets_AreServedWithoutSession_AsCodeOnly()
    {
        await using var hub = await TestHub.StartAsync();
        using var http = PageSession.Bare(hub);

        using var script = await http.GetAsync("/ui/js/app.js", TestContext.Current.CancellationToken);
        using var page = await http.GetAsync("/ui/index.html", TestContext.Current.CancellationToken);
        using var missing = await http.GetAsync("/ui/nothing.js", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
