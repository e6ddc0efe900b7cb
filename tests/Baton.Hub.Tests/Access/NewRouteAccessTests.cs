using System.Net;
using System.Text;
using Baton.Hub.Access;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Access;

/// <summary>The routes added with the probes, the page and its API: each refuses a request without a token (or page
/// session), one from a foreign Origin even with a good token, and one whose token's role is too low.</summary>
public sealed class NewRouteAccessTests
{
    [Theory]
    [InlineData("/healthz", "GET", HubRole.Observer)]
    [InlineData("/readyz", "GET", HubRole.Observer)]
    [InlineData("/", "GET", HubRole.Observer)]
    [InlineData("/api/board", "GET", HubRole.Observer)]
    [InlineData("/api/timeline", "GET", HubRole.Observer)]
    [InlineData("/api/workers", "GET", HubRole.Observer)]
    [InlineData("/api/ui/logout", "POST", HubRole.Observer)]
    [InlineData("/api/ui/login", "POST", HubRole.Coordinator)]
    [InlineData("/api/tasks/t1/cancel", "POST", HubRole.Coordinator)]
    public async Task Route_RefusesNoToken_AForeignOrigin_AndTooLowARole(string path, string method, HubRole needs)
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1");
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = new HttpClient { BaseAddress = hub.Url };
        using var coordinator = hub.Http();

        using var noToken = await anonymous.SendAsync(Request(path, method), ct);
        var foreign = Request(path, method);
        foreign.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
        using var fromForeignOrigin = await coordinator.SendAsync(foreign, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fromForeignOrigin.StatusCode);
        if (needs > HubRole.Observer)
        {
            using var observer = hub.Http(hub.CreateToken(HubRole.Observer));
            using var tooLow = await observer.SendAsync(Request(path, method), ct);
            Assert.Equal(HttpStatusCode.Forbidden, tooLow.StatusCode);
        }
        // None of them changed anything: t1 is still ready.
        var t1 = await HttpJson.ReadAsync(await coordinator.GetAsync("/api/tasks/t1", ct));
        Assert.Equal("ready", t1.GetProperty("task").GetProperty("state").GetString());
    }

    private static HttpRequestMessage Request(string path, string method)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        return request;
    }
}
