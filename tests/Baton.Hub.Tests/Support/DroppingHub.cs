using System.Net.WebSockets;
using System.Text.Json;
using Baton.Core.Protocol;
using Baton.Core.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Tests.Support;

/// <summary>
/// A wire-level fake hub on 127.0.0.1 (a real Kestrel and WebSocket, none of Baton's hub): it welcomes every hello,
/// and on its first connection cuts the socket off (TCP reset) as soon as the first piece of a large request frame
/// arrives, while the client is still sending it. On later connections it answers a report with report.ok. It lets a
/// client test see what a request does when the connection drops under its send.
/// </summary>
internal sealed class DroppingHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connections;
    private int _reports;

    private DroppingHub(WebApplication app) => _app = app;

    /// <summary>The address to give the client.</summary>
    public Uri Url { get; private set; } = null!; // Set by StartAsync before the hub is handed out.

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Report frames received whole (on a connection after the first).</summary>
    public int Reports => Volatile.Read(ref _reports);

    /// <summary>Completed when the first connection was cut off mid-frame.</summary>
    public TaskCompletionSource Dropped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<DroppingHub> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var hub = new DroppingHub(app);
        app.UseWebSockets();
        app.Map(ProtocolInfo.WebSocketPath, hub.ServeAsync);
        await app.StartAsync(cancellationToken);
        hub.Url = new Uri(app.Urls.First());
        return hub;
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var connection = Interlocked.Increment(ref _connections);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[16 * 1024];
        using var frame = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                frame.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    if (connection == 1 && frame.Length >= buffer.Length)
                    {
                        // Mid-frame: the client is still sending the rest. A reset, not a close handshake.
                        context.Abort();
                        Dropped.TrySetResult();
                        return;
                    }
                    continue;
                }
                var reply = Answer(frame.ToArray());
                frame.SetLength(0);
                if (reply is not null)
                {
                    await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(reply, BatonJsonContext.Default.ProtocolMessage),
                        WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away.
        }
    }

    private ProtocolMessage? Answer(byte[] frame)
    {
        var message = ProtocolFrame.Read(frame);
        switch (message)
        {
            case HelloMessage hello:
                return new WelcomeMessage { Id = hello.Id, Protocol = ProtocolInfo.Version, Session = "s-" + Connections, LastEventId = 0 };
            case ReportMessage report:
                Interlocked.Increment(ref _reports);
                var at = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
                return new ReportOkMessage
                {
                    Id = report.Id,
                    Task = new TaskItem { Id = report.TaskId, Title = "t", State = TaskState.Done, CreatedAt = at, UpdatedAt = at },
                    Report = new ReportRecord { Id = 1, TaskId = report.TaskId, Attempt = 1, Worker = report.Worker ?? new WorkerId("w1"), Outcome = report.Outcome, At = at },
                };
            default:
                return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
