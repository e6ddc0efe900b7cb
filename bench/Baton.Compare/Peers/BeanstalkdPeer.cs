using Baton.Compare.Servers;
using Baton.Compare.Wire;

namespace Baton.Compare.Peers;

/// <summary>beanstalkd with a binlog under a temporary folder and an fsync on every write (<c>-f 0</c>).</summary>
internal sealed class BeanstalkdPeer : IQueuePeer
{
    // A bound on every blocking reserve: the workloads never need to wait this long.
    private const int ReserveTimeoutSeconds = 30;

    private ScratchDirectory? _data;
    private ServerProcess? _server;
    private int _port;

    public string Name => "beanstalkd";

    public string Durability => "ack after fsync of every write: binlog fsync before the reply to put and delete (-b, -f 0); a reservation is not logged";

    public string Client => "raw text protocol over TCP, one connection per consumer (reserve-with-timeout + delete)";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var beanstalkd = CommandRunner.Which("beanstalkd") ?? throw new InvalidOperationException("beanstalkd is not installed (apt-get install beanstalkd)");
        _data = ScratchDirectory.Create("beanstalkd");
        _port = FreePort.Next();
        _server = await ServerProcess.StartAsync(Name, beanstalkd,
            ["-l", "127.0.0.1", "-p", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-b", _data.Path, "-f", "0"],
            _port, "TERM", cancellationToken);
    }

    public async Task<LifecycleResult> LifecycleAsync(int consumers, int tasks, CancellationToken cancellationToken)
    {
        await using (var producer = await BeanstalkClient.ConnectAsync(_port, cancellationToken))
        {
            foreach (var batch in Payloads.Batches(tasks))
            {
                await producer.PutManyAsync(batch, cancellationToken);
            }
        }
        return await LifecycleProbe.MeasureAsync(consumers, tasks,
            async (_, ct) => new Consumer(await BeanstalkClient.ConnectAsync(_port, ct)), cancellationToken);
    }

    public async Task<LatencySummary> HandoffAsync(int samples, CancellationToken cancellationToken)
    {
        await using var producer = await BeanstalkClient.ConnectAsync(_port, cancellationToken);
        await using var consumer = new Consumer(await BeanstalkClient.ConnectAsync(_port, cancellationToken));
        return await HandoffProbe.MeasureAsync(samples, consumer, producer.PutAsync, cancellationToken);
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

    private sealed class Consumer(BeanstalkClient client) : ILifecycleConsumer, IHandoffConsumer
    {
        public async Task<bool> ClaimAndAckAsync(CancellationToken cancellationToken)
        {
            if (await client.ReserveAsync(ReserveTimeoutSeconds, cancellationToken) is not { } id)
            {
                return false;
            }
            await client.DeleteAsync(id, cancellationToken);
            return true;
        }

        public async Task<string> ReceiveAsync(CancellationToken cancellationToken)
            => (await client.ReserveAsync(ReserveTimeoutSeconds, cancellationToken) ?? throw new TimeoutException("beanstalkd: no job within the reserve timeout"))
                .ToString(System.Globalization.CultureInfo.InvariantCulture);

        public Task AckAsync(string id, CancellationToken cancellationToken)
            => client.DeleteAsync(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}
