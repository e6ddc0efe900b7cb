using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Baton.Hub.Limits;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Limits;

public sealed class HubLimitsTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Frame_OverTheLimit_ClosesWithMessageTooBigAndSaysWhy()
    {
        await using var hub = await TestHub.StartAsync();
        await using var socket = await RawSocket.ConnectAsync(hub.SocketUrl);

        // 1 MiB of padding inside a ping: one byte over the default limit is enough.
        await socket.SendAsync("{\"type\":\"ping\",\"id\":1,\"pad\":\"" + new string('x', 1024 * 1024) + "\"}");
        var (status, reason) = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        Assert.Contains("1,048,576", reason, StringComparison.Ordinal);
        await using var other = await RawSocket.ConnectAsync(hub.SocketUrl);
        Assert.Equal("pong", (await other.RequestAsync("""{"type":"ping","id":2}""")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Frame_LargeButAllowed_IsAnsweredAndTheConnectionStaysUsable()
    {
        await using var hub = await TestHub.StartAsync();
        await using var socket = await RawSocket.ConnectAsync(hub.SocketUrl);

        var big = await socket.RequestAsync("{\"type\":\"ping\",\"id\":1,\"pad\":\"" + new string('x', 900 * 1024) + "\"}");
        var small = await socket.RequestAsync("""{"type":"ping","id":2}""");

        Assert.Equal("pong", big.GetProperty("type").GetString());
        Assert.Equal("pong", small.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Import_FrameOverTheFrameLimit_IsTakenUpToTheImportLimit()
    {
        await using var hub = await TestHub.StartAsync(limits: new HubLimits { MaxFrameBytes = 64 * 1024, MaxImportBytes = 1024 * 1024 });
        await using var socket = await RawSocket.ConnectAsync(hub.SocketUrl);
        var tasks = string.Join(",", Enumerable.Range(0, 400).Select(i => $$"""{"id":"t{{i}}","description":"{{new string('d', 400)}}"}"""));

        var imported = await socket.RequestAsync($$$"""{"type":"import","id":1,"plan":{"tasks":[{{{tasks}}}]}}""");
        await socket.SendAsync("{\"type\":\"ping\",\"id\":2,\"pad\":\"" + new string('x', 100 * 1024) + "\"}");
        var (status, _) = await socket.ReceiveCloseAsync();

        Assert.Equal("import.ok", imported.GetProperty("type").GetString());
        Assert.Equal(400, imported.GetProperty("imported").GetArrayLength());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
    }

    [Fact]
    public async Task LargeFrames_PastTheSharedBudget_OneIsClosedWithTryAgainLater()
    {
        await using var hub = await TestHub.StartAsync(limits: new HubLimits
        {
            MaxFrameBytes = 64 * 1024,
            MaxImportBytes = 1024 * 1024,
            MaxLargeFrameBytesTotal = 1024 * 1024,
        });
        await using var a = await RawSocket.ConnectAsync(hub.SocketUrl);
        await using var b = await RawSocket.ConnectAsync(hub.SocketUrl);
        const string Start = """{"type":"import","id":1,"plan":{"tasks":[{"id":"x","description":"x"}]}""";

        // Both hold an unfinished import: 900 KB needs a 1 MiB buffer, 200 KB one of 256 KiB; together over the budget.
        await a.Socket.SendAsync(Encoding.UTF8.GetBytes(Start + new string(' ', 900 * 1024)), WebSocketMessageType.Text, false, Ct);
        await b.Socket.SendAsync(Encoding.UTF8.GetBytes(Start + new string(' ', 200 * 1024)), WebSocketMessageType.Text, false, Ct);
        var bufferA = new byte[64 * 1024];
        var bufferB = new byte[64 * 1024];
        var receiveA = a.Socket.ReceiveAsync(bufferA, Ct);
        var receiveB = b.Socket.ReceiveAsync(bufferB, Ct);
        var first = await Task.WhenAny(receiveA, receiveB).WaitAsync(TestTimeouts.Default, Ct);
        var (refused, survivor, survivorReceive, survivorBuffer) = first == receiveA ? (receiveA, b, receiveB, bufferB) : (receiveB, a, receiveA, bufferA);

        Assert.Equal(WebSocketMessageType.Close, (await refused).MessageType);
        Assert.Equal((WebSocketCloseStatus)1013, (await refused).CloseStatus);
        await survivor.Socket.SendAsync("}"u8.ToArray(), WebSocketMessageType.Text, true, Ct);
        var reply = await survivorReceive.WaitAsync(TestTimeouts.Default, Ct);
        Assert.Contains("import.ok", Encoding.UTF8.GetString(survivorBuffer, 0, reply.Count), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerName_OverTheLimit_IsRefusedOnTheSocketHttpAndMcp()
    {
        await using var hub = await TestHub.StartAsync();
        var name = new string('w', 129);
        await using var socket = await RawSocket.ConnectAsync(hub.SocketUrl);
        using var http = hub.Http();
        await using var mcp = await HttpMcp.ConnectAsync(hub, worker: name);

        var hello = await socket.RequestAsync($$"""{"type":"hello","id":1,"protocol":1,"role":"worker","worker":"{{name}}"}""");
        using var claimed = await http.PostAsync("/api/claim", Json($$"""{"worker":"{{name}}"}"""), Ct);
        var tool = await mcp.CallAsync("claim_task", """{"wait_seconds": 0}""");

        Assert.Equal("limit_exceeded", hello.GetProperty("code").GetString());
        Assert.Contains("worker is 129 characters long; the limit is 128", hello.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, claimed.StatusCode);
        Assert.Equal("limit_exceeded", (await ErrorOf(claimed)).GetProperty("code").GetString());
        tool.AssertError("limit_exceeded");
        using var status = await http.GetAsync("/api/status", Ct);
        Assert.DoesNotContain(name, await status.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeaseMs_Huge_IsBadRequestWithAClearMessage()
    {
        await using var hub = await TestHub.StartAsync();
        await using var socket = await RawSocket.HelloAsync(hub.SocketUrl, "w1");
        using var http = hub.Http();

        var onSocket = await socket.RequestAsync("""{"type":"claim","id":2,"lease_ms":9223372036854775807}""");
        using var overHttp = await http.PostAsync("/api/claim", Json("""{"worker":"w1","wait":true,"wait_ms":9223372036854775807}"""), Ct);
        var tooLong = await socket.RequestAsync("""{"type":"heartbeat","id":3,"lease_ms":86400001}""");

        Assert.Equal("bad_request", onSocket.GetProperty("code").GetString());
        Assert.Contains("lease_ms must be 1 to 86,400,000 (1d)", onSocket.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, overHttp.StatusCode);
        Assert.Contains("wait_ms", (await ErrorOf(overHttp)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("bad_request", tooLong.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Body_OverTheLimit_GetsTheDocumentedJsonError()
    {
        await using var hub = await TestHub.StartAsync();
        using var http = hub.Http();
        var body = "{\"worker\":\"w1\",\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";

        using var declared = await http.PostAsync("/api/claim", Json(body), Ct);
        // Chunked, so the size is found while reading rather than from Content-Length.
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/report") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await http.SendAsync(request, Ct);

        foreach (var response in new[] { declared, streamed })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var error = await ErrorOf(response);
            Assert.Equal("limit_exceeded", error.GetProperty("code").GetString());
            Assert.Contains("1,048,576 bytes", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Connections_PastThePerAddressLimit_AreRefusedWith429UntilOneCloses()
    {
        await using var hub = await TestHub.StartAsync(limits: new HubLimits { MaxConnectionsPerAddress = 2, LimitLoopback = true });
        await using var first = await RawSocket.ConnectAsync(hub.SocketUrl);
        await using var second = await RawSocket.ConnectAsync(hub.SocketUrl);
        using var http = hub.Http();

        var (third, status) = await RawSocket.TryConnectAsync(hub.SocketUrl);
        using var refusedHttp = await http.GetAsync("/api/status", Ct);

        Assert.Null(third);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedHttp.StatusCode);
        Assert.Equal("limit_exceeded", (await ErrorOf(refusedHttp)).GetProperty("code").GetString());
        first.Abort();
        await Poll.UntilAsync(async () =>
        {
            using var response = await http.GetAsync("/api/status", Ct);
            return response.StatusCode == HttpStatusCode.OK;
        });
    }

    [Fact]
    public async Task WaitingRequests_PastThePerConnectionLimit_AreRefusedAndTheOthersStillWait()
    {
        await using var hub = await TestHub.StartAsync(limits: new HubLimits { MaxWaitingRequestsPerConnection = 2 });
        await using var socket = await RawSocket.HelloAsync(hub.SocketUrl, "w1");

        await socket.SendAsync("""{"type":"claim","id":2,"wait":true}""");
        await socket.SendAsync("""{"type":"claim","id":3,"wait":true}""");
        var third = await socket.RequestAsync("""{"type":"claim","id":4,"wait":true}""");
        var ping = await socket.RequestAsync("""{"type":"ping","id":5}""");

        Assert.Equal("limit_exceeded", third.GetProperty("code").GetString());
        Assert.Contains("the limit is 2", third.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("pong", ping.GetProperty("type").GetString());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.False(string.IsNullOrEmpty(text), $"HTTP {(int)response.StatusCode} came with an empty body");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
