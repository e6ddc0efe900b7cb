using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Baton.Limits;

/// <summary>The load cases of issue 26's "Limits": each sends what a runaway or hostile client would.</summary>
internal static class LoadCases
{
    public static IReadOnlyList<(string Name, Func<HubProcess, CancellationToken, Task<string>> Run)> All { get; } =
    [
        ("64 MiB frame", (hub, ct) => BigFramesAsync(hub, 1, 64 << 20, ct)),
        ("40 x 15 MiB frames", (hub, ct) => BigFramesAsync(hub, 40, 15 << 20, ct)),
        ("100,000-task plan (HTTP)", PlanAsync),
        ("10,000 hellos, distinct names", HellosAsync),
        ("10 MB worker name", LongNameAsync),
        ("2,000 idle connections", IdleAsync),
        ("slow-loris headers x 500", SlowLorisAsync),
    ];

    private static async Task<string> BigFramesAsync(HubProcess hub, int connections, int bytes, CancellationToken ct)
    {
        var frame = Encoding.UTF8.GetBytes("{\"type\":\"ping\",\"id\":1,\"pad\":\"" + new string('x', bytes) + "\"}");
        var outcomes = await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            using var socket = hub.Socket();
            await socket.ConnectAsync(hub.SocketUrl, ct);
            try
            {
                await socket.SendAsync(frame, WebSocketMessageType.Text, true, ct);
                var result = await socket.ReceiveAsync(new byte[4096], ct);
                return result.MessageType == WebSocketMessageType.Close ? $"closed {(int?)result.CloseStatus}" : "answered";
            }
            catch (WebSocketException)
            {
                return "reset";
            }
        }));
        return string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Count()} {g.Key}"));
    }

    private static async Task<string> PlanAsync(HubProcess hub, CancellationToken ct)
    {
        var plan = new StringBuilder("{\"tasks\":[");
        for (var i = 0; i < 100_000; i++)
        {
            plan.Append(i > 0 ? "," : "").Append("{\"id\":\"p").Append(i).Append("\",\"description\":\"do task number ").Append(i).Append(" of the big plan\"}");
        }
        plan.Append("]}");
        using var http = hub.Http(TimeSpan.FromMinutes(5));
        using var response = await http.PostAsync("/api/import", new StringContent(plan.ToString(), Encoding.UTF8, "application/json"), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return $"{plan.Length / 1048576.0:F1} MiB: HTTP {(int)response.StatusCode} {body[..Math.Min(body.Length, 100)]}";
    }

    private static async Task<string> HellosAsync(HubProcess hub, CancellationToken ct)
    {
        var welcomed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 10_000), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct }, async (i, token) =>
        {
            using var socket = hub.Socket();
            await socket.ConnectAsync(hub.SocketUrl, token);
            await socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"hello\",\"id\":1,\"protocol\":1,\"role\":\"worker\",\"worker\":\"hello-{i}\"}}"), WebSocketMessageType.Text, true, token);
            var buffer = new byte[4096];
            var reply = await socket.ReceiveAsync(buffer, token);
            if (Encoding.UTF8.GetString(buffer, 0, reply.Count).Contains("welcome", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref welcomed);
            }
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", token);
        });
        using var http = hub.Http();
        var status = await http.GetStringAsync("/api/status", ct);
        var workers = System.Text.Json.JsonDocument.Parse(status).RootElement.GetProperty("workers").GetArrayLength();
        return $"{welcomed:N0} welcomed; status lists {workers:N0} workers";
    }

    private static async Task<string> LongNameAsync(HubProcess hub, CancellationToken ct)
    {
        using var socket = hub.Socket();
        await socket.ConnectAsync(hub.SocketUrl, ct);
        var frame = "{\"type\":\"hello\",\"id\":1,\"protocol\":1,\"role\":\"worker\",\"worker\":\"" + new string('w', 10_000_000) + "\"}";
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, ct);
            var result = await socket.ReceiveAsync(new byte[4096], ct);
            return result.MessageType == WebSocketMessageType.Close ? $"closed {(int?)result.CloseStatus}: {result.CloseStatusDescription}" : "answered";
        }
        catch (WebSocketException ex)
        {
            return "reset: " + ex.Message;
        }
    }

    private static async Task<string> IdleAsync(HubProcess hub, CancellationToken ct)
    {
        var sockets = new List<ClientWebSocket>();
        var refused = 0;
        for (var i = 0; i < 2000; i++)
        {
            var socket = hub.Socket();
            try
            {
                await socket.ConnectAsync(hub.SocketUrl, ct);
                sockets.Add(socket);
            }
            catch (WebSocketException)
            {
                refused++;
                socket.Dispose();
            }
        }
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }
        return $"{sockets.Count:N0} held, {refused:N0} refused";
    }

    private static async Task<string> SlowLorisAsync(HubProcess hub, CancellationToken ct)
    {
        var clients = new List<TcpClient>();
        for (var i = 0; i < 500; i++)
        {
            var client = new TcpClient();
            await client.ConnectAsync(hub.Url.Host, hub.Url.Port, ct);
            await client.GetStream().WriteAsync("GET /api/status HTTP/1.1\r\nHost: x\r\n"u8.ToArray(), ct);
            clients.Add(client);
        }
        // A header line every second, never the blank line that ends them: Kestrel's header timeout ends each.
        var closed = 0;
        for (var second = 0; second < 15 && closed < clients.Count; second++)
        {
            await Task.Delay(1000, ct);
            closed = 0;
            foreach (var client in clients)
            {
                try
                {
                    await client.GetStream().WriteAsync("X-Slow: 1\r\n"u8.ToArray(), ct);
                    if (client.Client.Poll(0, SelectMode.SelectRead) && client.Available == 0)
                    {
                        closed++;
                    }
                }
                catch (IOException)
                {
                    closed++;
                }
            }
        }
        foreach (var client in clients)
        {
            client.Dispose();
        }
        return $"{closed} of {clients.Count} dropped by the hub within 15 s";
    }
}
