using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Baton.Hub.Tests.Support;

/// <summary>A bare WebSocket speaking JSON text, the way a client in another language would.</summary>
internal sealed class RawSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    /// <summary>Connects, sending the test hub's own token on the upgrade unless <paramref name="token"/> says
    /// otherwise (an empty string sends none).</summary>
    public static async Task<RawSocket> ConnectAsync(Uri url, string? token = null)
    {
        var raw = new RawSocket();
        token ??= TestHub.TokenFor(url);
        if (!string.IsNullOrEmpty(token))
        {
            raw._socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }
        await raw._socket.ConnectAsync(url, TestContext.Current.CancellationToken);
        return raw;
    }

    public static async Task<RawSocket> HelloAsync(Uri url, string worker, string role = "worker")
    {
        var raw = await ConnectAsync(url);
        var welcome = await raw.RequestAsync($$"""{"type":"hello","id":1,"protocol":1,"role":"{{role}}","worker":"{{worker}}"}""");
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        return raw;
    }

    /// <summary>The socket itself, for tests that send frames in pieces or bytes that are not UTF-8.</summary>
    public ClientWebSocket Socket => _socket;

    /// <summary>Connects with its own HTTP details kept (<see cref="ClientWebSocketOptions.CollectHttpResponseDetails"/>):
    /// the status code of a refused upgrade.</summary>
    public static async Task<(RawSocket? Socket, System.Net.HttpStatusCode Status)> TryConnectAsync(Uri url)
    {
        var raw = new RawSocket();
        raw._socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await raw._socket.ConnectAsync(url, TestContext.Current.CancellationToken);
            return (raw, raw._socket.HttpStatusCode);
        }
        catch (WebSocketException)
        {
            var status = raw._socket.HttpStatusCode;
            await raw.DisposeAsync();
            return (null, status);
        }
    }

    /// <summary>Reads until the hub closes the connection; its close status and reason.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Reason)> ReceiveCloseAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TestTimeouts.Default);
        var buffer = new byte[1 << 16];
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (result.CloseStatus, result.CloseStatusDescription);
            }
        }
    }

    public Task SendAsync(string text)
        => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    public async Task<JsonElement> ReceiveAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TestTimeouts.Default);
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }

    /// <summary>Sends a request and returns the first frame that carries its id (pushed events are skipped).</summary>
    public async Task<JsonElement> RequestAsync(string text)
    {
        var id = JsonDocument.Parse(text).RootElement.TryGetProperty("id", out var i) ? i.GetInt64() : (long?)null;
        await SendAsync(text);
        while (true)
        {
            var frame = await ReceiveAsync();
            if (id is null || (frame.TryGetProperty("id", out var replyId) && replyId.GetInt64() == id))
            {
                return frame;
            }
        }
    }

    public void Abort() => _socket.Abort();

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
