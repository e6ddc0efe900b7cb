using System.Globalization;
using Baton.Compare.Servers;
using Baton.Compare.Wire;

namespace Baton.Compare.Peers;

/// <summary>
/// redis-server with an append-only file under a temporary folder, used as a reliable queue:
/// BLMOVE pending -> processing claims, LREM processing acks.
/// </summary>
internal sealed class RedisPeer(string appendFsync) : IQueuePeer
{
    private const string Pending = "pending";
    private const string Processing = "processing";
    private const string BlockSeconds = "30";

    private ScratchDirectory? _data;
    private ServerProcess? _server;
    private int _port;

    public string Name => "redis-" + appendFsync;

    public string Durability => appendFsync == "always"
        ? "ack after fsync of every write: AOF fsync before replies (appendonly yes, appendfsync always)"
        : "ack after fsync once a second: up to 1 s of acks can be lost (appendonly yes, appendfsync everysec)";

    public string Client => "raw RESP client, one connection per consumer (BLMOVE pending processing + LREM processing)";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var redis = CommandRunner.Which("redis-server") ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server)");
        _data = ScratchDirectory.Create(Name);
        _port = FreePort.Next();
        _server = await ServerProcess.StartAsync(Name, redis,
            ["--port", _port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _data.Path,
             "--appendonly", "yes", "--appendfsync", appendFsync, "--save", "", "--daemonize", "no", "--protected-mode", "yes"],
            _port, "TERM", cancellationToken);
    }

    public async Task<LifecycleResult> LifecycleAsync(int consumers, int tasks, CancellationToken cancellationToken)
    {
        await using (var producer = await RespClient.ConnectAsync(_port, cancellationToken))
        {
            await producer.CommandAsync(["DEL", Pending, Processing], cancellationToken);
            foreach (var batch in Payloads.Batches(tasks))
            {
                await producer.CommandAsync(["LPUSH", Pending, .. batch], cancellationToken);
            }
        }
        return await LifecycleProbe.MeasureAsync(consumers, tasks,
            async (_, ct) => new Consumer(await RespClient.ConnectAsync(_port, ct)), cancellationToken);
    }

    public async Task<LatencySummary> HandoffAsync(int samples, CancellationToken cancellationToken)
    {
        await using var producer = await RespClient.ConnectAsync(_port, cancellationToken);
        await using var consumer = new Consumer(await RespClient.ConnectAsync(_port, cancellationToken));
        return await HandoffProbe.MeasureAsync(samples, consumer,
            (body, ct) => producer.CommandAsync(["LPUSH", Pending, body], ct), cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
        _data?.Dispose();
        _data = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private sealed class Consumer(RespClient client) : ILifecycleConsumer, IHandoffConsumer
    {
        public async Task<bool> ClaimAndAckAsync(CancellationToken cancellationToken)
        {
            if (await ClaimAsync(cancellationToken) is not { } body)
            {
                return false;
            }
            await AckAsync(body, cancellationToken);
            return true;
        }

        public async Task<string> ReceiveAsync(CancellationToken cancellationToken)
            => await ClaimAsync(cancellationToken) ?? throw new TimeoutException("redis: nothing arrived within the BLMOVE timeout");

        public async Task AckAsync(string id, CancellationToken cancellationToken)
        {
            if (await client.CommandAsync(["LREM", Processing, "1", id], cancellationToken) != "1")
            {
                throw new InvalidOperationException("redis: acked task was not in the processing list");
            }
        }

        // Oldest first: producers push on the left, claims take from the right.
        private Task<string?> ClaimAsync(CancellationToken cancellationToken)
            => client.CommandAsync(["BLMOVE", Pending, Processing, "RIGHT", "LEFT", BlockSeconds], cancellationToken);

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}
