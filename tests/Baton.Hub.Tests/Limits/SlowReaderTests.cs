using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Baton.Hub.Limits;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Limits;

/// <summary>A subscriber that never reads its pushed events does not stall the hub or its other clients: its sends
/// back up into its own socket, and after <see cref="HubLimits.SendTimeout"/> its connection is closed.</summary>
public sealed class SlowReaderTests
{
    [Fact]
    public async Task SubscriberThatNeverReads_IsClosed_AndOthersAreServedMeanwhile()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new LogSink();
        await using var hub = await TestHub.StartAsync(logs: logs, limits: new HubLimits { SendTimeout = TimeSpan.FromSeconds(1) });
        // A bare TCP client with a tiny receive window: upgrade, subscribe, then never read again.
        using var tcp = new TcpClient { ReceiveBufferSize = 4096 };
        await tcp.ConnectAsync(hub.Url.Host, hub.Url.Port, ct);
        var stream = tcp.GetStream();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET /ws HTTP/1.1\r\nHost: {hub.Url.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer {hub.Token}\r\n\r\n"), ct);
        var head = new byte[1024];
        var read = await stream.ReadAsync(head, ct);
        Assert.StartsWith("HTTP/1.1 101", Encoding.ASCII.GetString(head, 0, read), StringComparison.Ordinal);
        await stream.WriteAsync(MaskedText("""{"type":"subscribe","id":1,"after":0}"""), ct);

        // Events it will not read, each naming its task's title, until the hub gives up on it: about 0.7 MB a batch,
        // so a few MB fill the socket buffers on both ends (loopback's send buffer grows to 4 MB) and its sends stall.
        using var http = hub.Http();
        var title = new string('t', 600);
        for (var batch = 0; batch < 80 && !logs.Entries.Any(e => e.EventId == 2601); batch++)
        {
            var tasks = string.Join(",", Enumerable.Range(0, 1000).Select(i => $$"""{"id":"b{{batch}}-{{i}}","title":"{{title}}"}"""));
            using var imported = await http.PostAsync("/api/import", HttpJson.Body($$"""{"tasks":[{{tasks}}]}"""), ct);
            Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync(ct));
            // Everyone else is served while the reader stalls.
            using var status = await http.GetAsync("/api/status", ct);
            Assert.True(status.IsSuccessStatusCode);
        }

        using var after = await http.GetAsync("/api/status", ct);
        Assert.True(after.IsSuccessStatusCode);
        // The hub has given up on the reader: its connection ends. Reading now drains what the buffers hold and then
        // meets the end (or a reset); a connection the hub kept would go on delivering events until the time runs out.
        var (ended, received) = await DrainUntilClosedAsync(stream, TimeSpan.FromSeconds(60));
        Assert.True(ended, $"the hub kept the reader's connection open ({received:N0} bytes of events read after the stall)");
        var refusals = logs.Entries.Where(e => e.EventId is 2601 or 2005 or 2008).Select(e => e.Message).ToList();
        Assert.True(refusals.Count > 0 || received > 0, "the reader got no events at all");
    }

    private static async Task<(bool Ended, long Received)> DrainUntilClosedAsync(NetworkStream stream, TimeSpan within)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within);
        var buffer = new byte[64 * 1024];
        long received = 0;
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer, timeout.Token);
                if (n == 0)
                {
                    return (true, received);
                }
                received += n;
            }
        }
        catch (IOException)
        {
            return (true, received); // reset by the hub
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return (false, received);
        }
    }

    /// <summary>A client-to-server text frame (clients must mask).</summary>
    private static byte[] MaskedText(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        Assert.True(payload.Length < 126);
        var mask = RandomNumberGenerator.GetBytes(4);
        var frame = new byte[2 + 4 + payload.Length];
        frame[0] = 0x81;
        frame[1] = (byte)(0x80 | payload.Length);
        mask.CopyTo(frame, 2);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}
