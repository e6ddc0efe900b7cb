using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Baton.Core.Access;
using Baton.Core.Tasks;
using Baton.Hub.Access;
using Baton.Hub.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Hub.Tests.Access;

/// <summary>No request is served without a valid token, loopback included; each role does only what it may.</summary>
public sealed class TokenTests
{
    private static StringContent Json(string text) => HttpJson.Body(text);

    private static Task<JsonElement> BodyAsync(HttpResponseMessage response) => HttpJson.ReadAsync(response);

    [Fact]
    public async Task NoWrongOrRevokedToken_Gets401_AndChangesNothing()
    {
        await using var hub = await TestHub.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var revoked = hub.CreateToken(HubRole.Coordinator);
        Assert.True(new TokenRegistry(hub.AccessDirectory, TimeProvider.System).Revoke(IdOf(revoked)).IsOk);
        var otherHubs = HubToken.Local(new byte[32]);
        var expired = ExpiredToken(hub);
        var before = await BrowserAttackTests.LastEventIdAsync(hub);
        foreach (var (token, says) in new (string?, string)[]
        {
            (null, "no token"),
            ("not-a-token", "not a Baton token"),
            (otherHubs, "not valid for this hub"),
            (revoked, "was revoked"),
            (expired, "expired"),
        })
        {
            using var http = new HttpClient { BaseAddress = hub.Url };
            if (token is not null)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            foreach (var response in new[]
            {
                await http.GetAsync("/api/status", ct),
                await http.PostAsync("/api/import", Json("""{"tasks":[{"id":"x","title":"x"}]}"""), ct),
                await http.PostAsync("/mcp", Json("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}"""), ct),
            })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                var error = await BodyAsync(response);
                Assert.Equal("unauthorized", error.GetProperty("code").GetString());
                Assert.Contains(says, error.GetProperty("message").GetString());
            }
        }
        Assert.Equal(before, await BrowserAttackTests.LastEventIdAsync(hub));
    }

    [Fact]
    public async Task WorkerToken_CannotImportCancelResolveCheck_OrReportForAnotherWorker()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1", "t2");
        var ct = TestContext.Current.CancellationToken;
        using var coordinator = hub.Http();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync("/api/claim", Json("""{"worker":"w1"}"""), ct)).StatusCode);
        using var w2 = hub.Http(hub.CreateToken(HubRole.Worker, "w2"));
        var before = await BrowserAttackTests.LastEventIdAsync(hub);

        foreach (var (path, body) in new[]
        {
            ("/api/import", """{"tasks":[{"id":"x","title":"x"}]}"""),
            ("/api/tasks/t2/cancel", "{}"),
            ("/api/resolve", """{"task_id":"t1","action":"cancel"}"""),
            ("/api/tasks/t1/check", "{}"),
            ("/api/verify", "{}"),
        })
        {
            using var response = await w2.PostAsync(path, Json(body), ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var message = (await BodyAsync(response)).GetProperty("message").GetString();
            Assert.Contains("needs the coordinator role", message);
        }
        foreach (var (path, body) in new[]
        {
            ("/api/report", """{"worker":"w1","task_id":"t1","outcome":"done","summary":"not mine"}"""),
            ("/api/heartbeat", """{"worker":"w1","task_id":"t1"}"""),
            ("/api/release", """{"worker":"w1","task_id":"t1"}"""),
            ("/api/claim", """{"worker":"w1"}"""),
        })
        {
            using var response = await w2.PostAsync(path, Json(body), ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("bound to worker \"w2\"", (await BodyAsync(response)).GetProperty("message").GetString());
        }
        Assert.Equal(before, await BrowserAttackTests.LastEventIdAsync(hub));

        // Its own work it may do, and a body without a worker speaks as the bound one.
        using var claimed = await w2.PostAsync("/api/claim", Json("{}"), ct);
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal("w2", (await BodyAsync(claimed)).GetProperty("lease").GetProperty("worker").GetString());
        Assert.Equal(HttpStatusCode.OK, (await w2.GetAsync("/api/status", ct)).StatusCode);
    }

    [Fact]
    public async Task EventsOfAHubRequest_NameTheTokenThatMadeIt()
    {
        await using var hub = await TestHub.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var token = hub.CreateToken(HubRole.Worker, "w1");
        Assert.True(HubToken.TryParse(token, out var id, out _));
        using var coordinator = hub.Http();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync("/api/import", Json("""{"tasks":[{"id":"t1","title":"one"}]}"""), ct)).StatusCode);
        using var worker = hub.Http(token);
        Assert.Equal(HttpStatusCode.OK, (await worker.PostAsync("/api/claim", Json("{}"), ct)).StatusCode);
        // Over the socket too, with the token shown in hello.
        await using var raw = await RawSocket.ConnectAsync(hub.SocketUrl, token: "");
        Assert.Equal("welcome", (await raw.RequestAsync($$"""{"type":"hello","id":1,"protocol":1,"role":"worker","token":"{{token}}"}""")).GetProperty("type").GetString());
        Assert.Equal("report.ok", (await raw.RequestAsync("""{"type":"report","id":2,"task_id":"t1","outcome":"done","summary":"ok"}""")).GetProperty("type").GetString());

        var events = await BodyAsync(await coordinator.GetAsync("/api/events?after=0&max=100", ct));
        string? ActorOf(string type) => events.EnumerateArray().First(e => e.GetProperty("type").GetString() == type).TryGetProperty("actor", out var a) ? a.GetString() : null;
        Assert.Equal("local (coordinator)", ActorOf("task.added"));
        Assert.Equal($"{id} (worker)", ActorOf("task.claimed"));
        Assert.Equal($"{id} (worker)", ActorOf("task.done"));
    }

    [Fact]
    public async Task AWaitingClaim_ServedLaterInsideAnImport_NamesTheWaitersToken()
    {
        await using var hub = await TestHub.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var token = hub.CreateToken(HubRole.Worker, "w1");
        Assert.True(HubToken.TryParse(token, out var id, out _));
        await using var raw = await RawSocket.ConnectAsync(hub.SocketUrl, token);
        Assert.Equal("welcome", (await raw.RequestAsync("""{"type":"hello","id":1,"protocol":1,"role":"worker"}""")).GetProperty("type").GetString());
        // Waits: nothing is ready yet. The task the coordinator imports next is leased to it, in the import's commit
        // or by the dispatcher, and either way the claim's event names the worker's token, not the importer's.
        var mark = hub.Probe.Mark();
        await raw.SendAsync("""{"type":"claim","id":2,"wait":true,"wait_ms":30000}""");
        await hub.Probe.WaitForWaitersAsync(1, mark);
        using var coordinator = hub.Http();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync("/api/import", Json("""{"tasks":[{"id":"t1","title":"one"}]}"""), ct)).StatusCode);
        var assigned = await raw.ReceiveAsync();
        Assert.Equal("task.assigned", assigned.GetProperty("type").GetString());

        var events = await BodyAsync(await coordinator.GetAsync("/api/events?after=0&max=100", ct));
        var claimed = events.EnumerateArray().First(e => e.GetProperty("type").GetString() == "task.claimed");
        Assert.Equal($"{id} (worker)", claimed.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task ObserverToken_ReadsButCannotClaim()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1");
        var ct = TestContext.Current.CancellationToken;
        using var observer = hub.Http(hub.CreateToken(HubRole.Observer));
        Assert.Equal(HttpStatusCode.OK, (await observer.GetAsync("/api/tasks", ct)).StatusCode);
        using var claim = await observer.PostAsync("/api/claim", Json("""{"worker":"o1"}"""), ct);
        Assert.Equal(HttpStatusCode.Forbidden, claim.StatusCode);
        Assert.Contains("needs the worker role", (await BodyAsync(claim)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Refusals_AreLogged_WithRemoteAddressAndReason()
    {
        var logs = new LogSink();
        await using var hub = await TestHub.StartAsync(logs: logs);
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = new HttpClient { BaseAddress = hub.Url };
        await anonymous.GetAsync("/api/status", ct);
        using var observer = hub.Http(hub.CreateToken(HubRole.Observer));
        await observer.PostAsync("/api/claim", Json("""{"worker":"o1"}"""), ct);
        var refused = logs.Entries.Where(e => e.EventId == 2500).Select(e => e.Message).ToList();
        Assert.Contains(refused, m => m.Contains("/api/status") && m.Contains("127.0.0.1") && m.Contains("401"));
        Assert.Contains(refused, m => m.Contains("/api/claim") && m.Contains("403") && m.Contains("worker role"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task KeyAndTokenList_AreOwnerOnly()
    {
        await using var hub = await TestHub.StartAsync();
        hub.CreateToken(HubRole.Observer);
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(AccessKey.PathIn(hub.AccessDirectory)));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(hub.AccessDirectory, TokenRegistry.FileName)));
        // The list holds no token: only ids and what they may do.
        var listed = await File.ReadAllTextAsync(Path.Combine(hub.AccessDirectory, TokenRegistry.FileName), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(HubToken.Prefix, listed);
    }

    [Fact]
    public async Task RotatedKey_InvalidatesEveryToken_AtTheNextRequest()
    {
        await using var hub = await TestHub.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var worker = hub.CreateToken(HubRole.Worker);
        using var before = hub.Http(worker);
        Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("/api/status", ct)).StatusCode);
        var key = AccessKey.Rotate(hub.AccessDirectory);
        Assert.Equal(HttpStatusCode.Unauthorized, (await before.GetAsync("/api/status", ct)).StatusCode);
        using var old = hub.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("/api/status", ct)).StatusCode);
        using var fresh = hub.Http(HubToken.Local(key));
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/status", ct)).StatusCode);
    }

    private static string IdOf(string token)
    {
        Assert.True(HubToken.TryParse(token, out var id, out _));
        return id;
    }

    /// <summary>A token made two hours ago that expired an hour ago.</summary>
    private static string ExpiredToken(TestHub hub)
    {
        var past = new FakeTimeProvider(TimeProvider.System.GetUtcNow() - TimeSpan.FromHours(2));
        var made = new TokenRegistry(hub.AccessDirectory, past)
            .Create(AccessKey.LoadOrCreate(hub.AccessDirectory), HubRole.Coordinator, (WorkerId?)null, TimeSpan.FromHours(1), "expired");
        Assert.True(made.IsOk);
        return made.Value.Token;
    }
}
