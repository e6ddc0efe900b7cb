using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Baton.Compare.Servers;
using Baton.Core.Protocol;

namespace Baton.Compare.Workloads;

/// <summary>
/// Workload 4: the hub's memory, idle and with many connected idle workers. <c>baton serve</c> runs as its own
/// process (so its RSS is its own) on a fresh store; the harness opens one raw WebSocket per worker and says
/// hello as a persistent worker with a distinct name, checks each welcome, lets the hub settle and reads
/// <c>/proc/&lt;pid&gt;/status</c>. Every connection is closed and the hub stopped afterwards, also on failure.
/// </summary>
internal static class ResourcesWorkload
{
    // Connections opened at once: enough to keep the hub busy, few enough not to overflow its accept backlog.
    private const int InFlight = 32;

    // File descriptors left for everything but the workers' sockets, in the harness and in the hub (runtime,
    // store, WAL, listeners, pipes).
    private const int DescriptorHeadroom = 256;

    private static readonly TimeSpan ConnectLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CloseLimit = TimeSpan.FromSeconds(10);

    public static async Task<ResourcesResult> RunAsync(CompareOptions options, CancellationToken cancellationToken)
    {
        var serve = BatonServe.Resolve(options.HubBaton);
        var limit = ProcessSample.OpenFilesLimit();
        var result = new ResourcesResult { Hub = serve.Description, Requested = options.IdleWorkers, OpenFilesLimit = limit, InFlight = InFlight };
        var workers = options.IdleWorkers;
        if (limit.Soft < workers + DescriptorHeadroom)
        {
            workers = (int)Math.Max(0, limit.Soft - DescriptorHeadroom);
            result.LimitNote = string.Create(CultureInfo.InvariantCulture,
                $"the open-files limit ({limit.Soft} soft, {limit.Hard} hard; `ulimit -n`) allows only {workers:N0} of the {options.IdleWorkers:N0} connections; raise the hard limit to measure all");
            Progress(result.LimitNote);
        }

        using var data = ScratchDirectory.Create("resources");
        var store = Path.Combine(data.Path, ".baton", "baton.db");
        await BatonServe.CreateStoreAsync(store, cancellationToken);
        var port = FreePort.Next();
        var sockets = new ClientWebSocket?[workers];
        ServerProcess? hub = null;
        try
        {
            Progress($"starting {serve.Description} on 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
            hub = await serve.StartAsync(store, port, data.Path, cancellationToken);
            (result.Idle, _) = await SettleAsync(hub, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30), cancellationToken);
            Progress($"idle: {Describe(result.Idle)}");

            var started = Stopwatch.GetTimestamp();
            var failure = await ConnectAllAsync(new Uri($"ws://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{ProtocolInfo.WebSocketPath}"),
                sockets, result, cancellationToken);
            result.ConnectTime = Stopwatch.GetElapsedTime(started);
            Progress(string.Create(CultureInfo.InvariantCulture,
                $"{result.Connected:N0} workers said hello in {result.ConnectTime.Value.TotalSeconds:F1} s{(failure is null ? "" : "; stopped at the first failure: " + failure)}"));

            (result.Loaded, result.LoadedSettle) = await SettleAsync(hub, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(90), cancellationToken);
            Progress($"with {result.Connected.ToString("N0", CultureInfo.InvariantCulture)} workers: {Describe(result.Loaded)}");
            if (failure is not null)
            {
                result.Problem = string.Create(CultureInfo.InvariantCulture, $"failed after {result.Connected:N0} of {workers:N0} connections: {failure}");
            }

            var closing = Stopwatch.GetTimestamp();
            await CloseAllAsync(sockets);
            result.CloseTime = Stopwatch.GetElapsedTime(closing);
            Progress(string.Create(CultureInfo.InvariantCulture, $"closed every connection in {result.CloseTime.Value.TotalSeconds:F1} s"));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            result.Problem = $"failed: {ex.GetType().Name}: {ex.Message}";
            Progress(result.Problem);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket?.Abort();
                socket?.Dispose();
            }
            if (hub is not null)
            {
                await hub.DisposeAsync();
            }
        }
        return result;
    }

    // Opens every worker's connection, InFlight at a time; returns why it stopped early, or null.
    private static async Task<string?> ConnectAllAsync(Uri endpoint, ClientWebSocket?[] sockets, ResourcesResult result, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler();
        using var invoker = new HttpMessageInvoker(handler);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        string? failure = null;
        var connected = 0;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, sockets.Length),
                new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = stop.Token },
                async (i, ct) =>
                {
                    var name = "idle-" + i.ToString("D5", CultureInfo.InvariantCulture);
                    try
                    {
                        sockets[i] = await HelloAsync(endpoint, invoker, name, ct);
                    }
                    catch (Exception ex)
                    {
                        // The first failure stops the rest; a connect cut off by that stop is no failure of its own.
                        if (!stop.IsCancellationRequested)
                        {
                            Interlocked.CompareExchange(ref failure, $"{name}: {ex.GetType().Name}: {ex.Message}", null);
                            await stop.CancelAsync();
                        }
                        return;
                    }
                    var done = Interlocked.Increment(ref connected);
                    if (done % 1000 == 0)
                    {
                        Progress(string.Create(CultureInfo.InvariantCulture, $"{done:N0} workers connected"));
                    }
                });
        }
        catch (OperationCanceledException) when (failure is not null && !cancellationToken.IsCancellationRequested)
        {
            // Stopped at the first failure; what connected is still measured.
        }
        result.Connected = connected;
        return failure;
    }

    // One persistent worker: connect, hello, and the welcome that names it.
    private static async Task<ClientWebSocket> HelloAsync(Uri endpoint, HttpMessageInvoker invoker, string name, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        // As BatonClient does: keep-alive frames every 15 s in each direction.
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(ConnectLimit);
            await socket.ConnectAsync(endpoint, invoker, limit.Token);
            var hello = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $$"""{"type":"{{MessageTypes.Hello}}","id":1,"protocol":{{ProtocolInfo.Version}},"role":"{{ClientRoles.Worker}}","worker":"{{name}}","session":"{{SessionKinds.Persistent}}"}"""));
            await socket.SendAsync(hello, WebSocketMessageType.Text, endOfMessage: true, limit.Token);
            var buffer = new byte[4096];
            var length = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(length), limit.Token);
                length += received.Count;
            }
            while (!received.EndOfMessage && length < buffer.Length);
            var reply = Encoding.UTF8.GetString(buffer, 0, length);
            if (received.MessageType != WebSocketMessageType.Text || !received.EndOfMessage || !IsWelcome(buffer.AsMemory(0, length), name))
            {
                throw new InvalidOperationException("hello was not answered by its welcome: " + (reply.Length > 300 ? reply[..300] + "…" : reply));
            }
            return socket;
        }
        catch
        {
            socket.Abort();
            socket.Dispose();
            throw;
        }
    }

    private static bool IsWelcome(ReadOnlyMemory<byte> json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("type", out var type) && type.ValueEquals(MessageTypes.Welcome)
                && root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt64() == 1
                && root.TryGetProperty("worker", out var worker) && worker.ValueEquals(name);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // The close handshake on every open connection (the hub answers a close before its presence bookkeeping).
    private static Task CloseAllAsync(ClientWebSocket?[] sockets)
        => Parallel.ForEachAsync(sockets.Where(s => s is { State: WebSocketState.Open }),
            new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (socket, _) =>
            {
                using var limit = new CancellationTokenSource(CloseLimit);
                try
                {
                    await socket!.CloseAsync(WebSocketCloseStatus.NormalClosure, "bench done", limit.Token);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
                {
                    socket!.Abort();
                }
            });

    // Samples the hub once a second until its RSS has moved less than 1 % for 3 samples in a row (and at
    // least `least` has passed), or `most` has passed; returns the last sample and the time it took.
    private static async Task<(ProcessSample Sample, TimeSpan Took)> SettleAsync(ServerProcess hub, TimeSpan least, TimeSpan most, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        ProcessSample? previous = null;
        var steady = 0;
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var sample = ProcessSample.Read(hub.Id) ?? throw new InvalidOperationException("the hub exited: " + hub.OutputTail());
            steady = previous is not null && Math.Abs(sample.RssKiB - previous.RssKiB) * 100 <= previous.RssKiB ? steady + 1 : 0;
            previous = sample;
            var took = Stopwatch.GetElapsedTime(started);
            if ((took >= least && steady >= 3) || took >= most)
            {
                return (sample, took);
            }
        }
    }

    private static string Describe(ProcessSample sample)
        => string.Create(CultureInfo.InvariantCulture,
            $"RSS {sample.RssKiB / 1024.0:F1} MiB (peak {sample.PeakRssKiB / 1024.0:F1} MiB), {sample.Threads} threads, {sample.OpenFiles} open files");

    private static void Progress(string message) => Console.Error.WriteLine($"[resources] {message}");
}
