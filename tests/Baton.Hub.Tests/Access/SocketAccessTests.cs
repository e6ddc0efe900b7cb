using Baton.Core.Access;
using Baton.Hub.Access;
using Baton.Hub.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Tests.Access;

/// <summary>The WebSocket serves nothing but hello until a token has been shown, and then only what its role and
/// worker binding allow.</summary>
public sealed class SocketAccessTests
{
    private static string Code(System.Text.Json.JsonElement reply)
        => reply.GetProperty("type").GetString() == "error" ? reply.GetProperty("code").GetString()! : reply.GetProperty("type").GetString()!;

    [Fact]
    public async Task WithoutToken_ImportAndHelloAreRefused_AndATokenInHelloLetsIn()
    {
        await using var hub = await TestHub.StartAsync();
        var before = await BrowserAttackTests.LastEventIdAsync(hub);
        await using var raw = await RawSocket.ConnectAsync(hub.SocketUrl, token: "");

        var import = await raw.RequestAsync("""{"type":"import","id":1,"plan":{"tasks":[{"id":"a","title":"a"}]}}""");
        Assert.Equal("unauthorized", Code(import));
        var ping = await raw.RequestAsync("""{"type":"ping","id":2}""");
        Assert.Equal("unauthorized", Code(ping));
        var hello = await raw.RequestAsync("""{"type":"hello","id":3,"protocol":1,"role":"coordinator"}""");
        Assert.Equal("unauthorized", Code(hello));
        var wrong = await raw.RequestAsync("""{"type":"hello","id":4,"protocol":1,"role":"coordinator","token":"baton_local.AAAA"}""");
        Assert.Equal("unauthorized", Code(wrong));
        Assert.Equal(before, await BrowserAttackTests.LastEventIdAsync(hub));

        var welcome = await raw.RequestAsync($$"""{"type":"hello","id":5,"protocol":1,"role":"coordinator","token":"{{hub.Token}}"}""");
        Assert.Equal("welcome", Code(welcome));
        var imported = await raw.RequestAsync("""{"type":"import","id":6,"plan":{"tasks":[{"id":"a","title":"a"}]}}""");
        Assert.Equal("import.ok", Code(imported));
    }

    [Fact]
    public async Task HelloRole_IsCheckedAgainstTheToken()
    {
        await using var hub = await TestHub.StartAsync();
        await using var raw = await RawSocket.ConnectAsync(hub.SocketUrl, hub.CreateToken(HubRole.Worker, "w1"));
        var asCoordinator = await raw.RequestAsync("""{"type":"hello","id":1,"protocol":1,"role":"coordinator"}""");
        Assert.Equal("forbidden", Code(asCoordinator));
        Assert.Contains("coordinator role", asCoordinator.GetProperty("message").GetString());
        var asOther = await raw.RequestAsync("""{"type":"hello","id":2,"protocol":1,"role":"worker","worker":"w9"}""");
        Assert.Equal("forbidden", Code(asOther));
        // A bound token names its worker: hello needs no name.
        var welcome = await raw.RequestAsync("""{"type":"hello","id":3,"protocol":1,"role":"worker"}""");
        Assert.Equal("welcome", Code(welcome));
        Assert.Equal("w1", welcome.GetProperty("worker").GetString());
        var import = await raw.RequestAsync("""{"type":"import","id":4,"plan":{"tasks":[{"id":"a","title":"a"}]}}""");
        Assert.Equal("forbidden", Code(import));
    }

    [Fact]
    public async Task ASecondSocket_CannotReportOrKeepAliveAnotherWorkersLease()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1");
        await using var w1 = await RawSocket.ConnectAsync(hub.SocketUrl, hub.CreateToken(HubRole.Worker, "w1"));
        Assert.Equal("welcome", Code(await w1.RequestAsync("""{"type":"hello","id":1,"protocol":1,"role":"worker"}""")));
        Assert.Equal("task.assigned", Code(await w1.RequestAsync("""{"type":"claim","id":2}""")));

        await using var intruder = await RawSocket.ConnectAsync(hub.SocketUrl, hub.CreateToken(HubRole.Worker, "w2"));
        Assert.Equal("forbidden", Code(await intruder.RequestAsync("""{"type":"hello","id":1,"protocol":1,"role":"worker","worker":"w1"}""")));
        Assert.Equal("welcome", Code(await intruder.RequestAsync("""{"type":"hello","id":2,"protocol":1,"role":"worker"}""")));
        Assert.Equal("forbidden", Code(await intruder.RequestAsync("""{"type":"heartbeat","id":3,"worker":"w1","task_id":"t1"}""")));
        Assert.Equal("forbidden", Code(await intruder.RequestAsync("""{"type":"report","id":4,"worker":"w1","task_id":"t1","outcome":"done","summary":"x"}""")));
        // Under its own name it does not hold the lease.
        Assert.Equal("lease_not_held", Code(await intruder.RequestAsync("""{"type":"report","id":5,"task_id":"t1","outcome":"done","summary":"x"}""")));

        Assert.Equal("report.ok", Code(await w1.RequestAsync("""{"type":"report","id":3,"task_id":"t1","outcome":"done","summary":"mine"}""")));
    }

    [Fact]
    public async Task RevokedToken_OnAnOpenSocket_IsRefusedAtTheNextRequest()
    {
        await using var hub = await TestHub.StartAsync();
        var token = hub.CreateToken(HubRole.Observer);
        await using var raw = await RawSocket.ConnectAsync(hub.SocketUrl, token);
        Assert.Equal("welcome", Code(await raw.RequestAsync("""{"type":"hello","id":1,"protocol":1,"role":"observer"}""")));
        Assert.Equal("status.ok", Code(await raw.RequestAsync("""{"type":"status","id":2}""")));
        Assert.True(HubToken.TryParse(token, out var id, out _));
        Assert.True(new TokenRegistry(hub.AccessDirectory, TimeProvider.System).Revoke(id).IsOk);
        var refused = await raw.RequestAsync("""{"type":"status","id":3}""");
        Assert.Equal("unauthorized", Code(refused));
        Assert.Contains("revoked", refused.GetProperty("message").GetString());
    }

    [Fact]
    public async Task RotatedKey_OnAnOpenSocket_IsRefusedAtTheNextRequest()
    {
        await using var hub = await TestHub.StartAsync();
        await using var raw = await RawSocket.ConnectAsync(hub.SocketUrl);
        Assert.Equal("welcome", Code(await raw.RequestAsync("""{"type":"hello","id":1,"protocol":1,"role":"coordinator"}""")));
        Assert.Equal("status.ok", Code(await raw.RequestAsync("""{"type":"status","id":2}""")));
        AccessKey.Rotate(hub.AccessDirectory);
        var refused = await raw.RequestAsync("""{"type":"status","id":3}""");
        Assert.Equal("unauthorized", Code(refused));
        Assert.Contains("not valid for this hub", refused.GetProperty("message").GetString());
    }

    [Fact]
    public async Task BadTokenOnTheUpgrade_Is401BeforeTheSocketOpens()
    {
        await using var hub = await TestHub.StartAsync();
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer baton_t1.AAAA");
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(hub.SocketUrl, TestContext.Current.CancellationToken));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task PlainHttpBeyondLoopback_NeedsTlsOrInsecureHttp()
    {
        var directory = Directory.CreateTempSubdirectory("baton-hub-bind-").FullName;
        try
        {
            var options = new HubOptions { StorePath = Path.Combine(directory, "baton.db"), CreateStoreIfMissing = true, Urls = "http://0.0.0.0:0" };
            var refused = await Assert.ThrowsAsync<HubStartException>(() => BatonHub.StartAsync(options, TestContext.Current.CancellationToken));
            Assert.Contains("--insecure-http", refused.Message);
            Assert.False(File.Exists(options.StorePath));

            await using var hub = await BatonHub.StartAsync(new HubOptions
            {
                StorePath = options.StorePath,
                CreateStoreIfMissing = true,
                Urls = "http://0.0.0.0:0",
                InsecureHttp = true,
                ConfigureLogging = l => l.ClearProviders(),
            }, TestContext.Current.CancellationToken);
            Assert.Contains(hub.Addresses, a => a.Host is "0.0.0.0" or "[::]");
            Assert.Equal("127.0.0.1", hub.Url.Host);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
