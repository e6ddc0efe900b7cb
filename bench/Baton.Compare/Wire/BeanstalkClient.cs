using System.Globalization;
using System.Text;

namespace Baton.Compare.Wire;

/// <summary>The few beanstalkd commands the workloads need, over its text protocol (doc/protocol.txt).</summary>
internal sealed class BeanstalkClient : IAsyncDisposable
{
    // Time-to-run: how long a reservation lasts before beanstalkd hands the job out again (the lease).
    private const int LeaseSeconds = 600;

    private readonly LineConnection _connection;

    private BeanstalkClient(LineConnection connection) => _connection = connection;

    public static async Task<BeanstalkClient> ConnectAsync(int port, CancellationToken cancellationToken)
        => new(await LineConnection.ConnectAsync(port, cancellationToken));

    /// <summary>Sends <paramref name="bodies"/> as pipelined puts, then reads every reply.</summary>
    public async Task PutManyAsync(IReadOnlyList<string> bodies, CancellationToken cancellationToken)
    {
        var commands = new StringBuilder();
        foreach (var body in bodies)
        {
            commands.Append(CultureInfo.InvariantCulture, $"put 0 0 {LeaseSeconds} {Encoding.UTF8.GetByteCount(body)}\r\n{body}\r\n");
        }
        await _connection.WriteAsync(Encoding.UTF8.GetBytes(commands.ToString()), cancellationToken);
        for (var i = 0; i < bodies.Count; i++)
        {
            Expect(await _connection.ReadLineAsync(cancellationToken), "INSERTED ");
        }
    }

    public Task PutAsync(string body, CancellationToken cancellationToken) => PutManyAsync([body], cancellationToken);

    /// <summary>Reserves a job, waiting at most <paramref name="timeoutSeconds"/>; returns its id, or null on timeout.</summary>
    public async Task<long?> ReserveAsync(int timeoutSeconds, CancellationToken cancellationToken)
    {
        await _connection.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"reserve-with-timeout {timeoutSeconds}\r\n"), cancellationToken);
        var line = await _connection.ReadLineAsync(cancellationToken);
        if (line is "TIMED_OUT" or "DEADLINE_SOON")
        {
            return null;
        }
        Expect(line, "RESERVED ");
        var parts = line.Split(' ');
        var id = long.Parse(parts[1], CultureInfo.InvariantCulture);
        await _connection.ReadPayloadAsync(int.Parse(parts[2], CultureInfo.InvariantCulture), cancellationToken);
        return id;
    }

    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await _connection.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"delete {id}\r\n"), cancellationToken);
        Expect(await _connection.ReadLineAsync(cancellationToken), "DELETED");
    }

    private static void Expect(string line, string prefix)
    {
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"beanstalkd answered '{line}', expected '{prefix.Trim()}'");
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
