using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Protocol;

/// <summary>Text that is not valid UTF-8 is refused at the hub's doors, never stored with its bytes replaced
/// (invariant 5: bad input changes nothing).</summary>
public sealed class InvalidUtf8Tests
{
    // A plan whose description holds FF FE, which no UTF-8 text contains.
    private static byte[] Plan(string prefix = "", string suffix = "")
        => [.. Encoding.UTF8.GetBytes(prefix + """{"tasks": [{"id": "bad", "title": "A", "description": "x"""), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}]}" + suffix)];

    private static async Task<HttpResponseMessage> PostBytesAsync(HttpClient http, string path, byte[] bytes)
    {
        using var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await http.PostAsync(path, body, TestContext.Current.CancellationToken);
    }

    private static async Task<int> TaskCountAsync(HttpClient http)
    {
        using var tasks = JsonDocument.Parse(await http.GetStringAsync("/api/tasks", TestContext.Current.CancellationToken));
        return tasks.RootElement.GetArrayLength();
    }

    [Fact]
    public async Task HttpImport_BodyNotValidUtf8_ImportsNothing_Invariant5()
    {
        await using var hub = await TestHub.StartAsync();
        using var http = hub.Http();

        var response = await PostBytesAsync(http, "/api/import", Plan());

        // Refused, though today as a 500 internal_error: see the skipped test below.
        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal(0, await TaskCountAsync(http));
    }

    [Fact]
    public async Task HttpImport_BodyNotValidUtf8_IsMalformedMessage()
    {
        await using var hub = await TestHub.StartAsync();
        using var http = hub.Http();

        var response = await PostBytesAsync(http, "/api/import", Plan());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("malformed_message", error.RootElement.GetProperty("code").GetString());
        Assert.Equal(0, await TaskCountAsync(http));
    }

    [Fact]
    public async Task HttpReport_SummaryNotValidUtf8_IsMalformedMessage()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1");
        using var http = hub.Http();
        Assert.True((await http.PostAsync("/api/claim", new StringContent("""{"worker":"w1"}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken)).IsSuccessStatusCode);

        var response = await PostBytesAsync(http, "/api/report",
            [.. """{"worker":"w1","task_id":"t1","outcome":"done","summary":"x"""u8, 0xFF, .. "\"}"u8]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("malformed_message", error.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task SocketImport_FrameNotValidUtf8_EndsTheConnectionAndImportsNothing_Invariant5()
    {
        await using var hub = await TestHub.StartAsync();
        using var socket = new ClientWebSocket();
        var ct = TestContext.Current.CancellationToken;
        await socket.ConnectAsync(hub.SocketUrl, ct);

        // RFC 6455 makes invalid UTF-8 in a text frame fail the connection (1007); ASP.NET's WebSocket does so
        // before the frame reaches Baton's parser, so no error reply comes, and nothing is imported.
        await socket.SendAsync(Plan("""{"type": "import", "id": 2, "plan": """, "}"), WebSocketMessageType.Text, true, ct);
        WebSocketCloseStatus? closedWith;
        try
        {
            var received = await socket.ReceiveAsync(new ArraySegment<byte>(new byte[4096]), ct).WaitAsync(TestTimeouts.Default, ct);
            Assert.Equal(WebSocketMessageType.Close, received.MessageType);
            closedWith = socket.CloseStatus;
        }
        catch (WebSocketException)
        {
            // The server resets the connection right after its close frame; the reset may arrive first.
            closedWith = null;
        }

        Assert.True(closedWith is null or WebSocketCloseStatus.InvalidPayloadData, $"closed with {closedWith}");
        using var http = hub.Http();
        Assert.Equal(0, await TaskCountAsync(http));
    }
}
