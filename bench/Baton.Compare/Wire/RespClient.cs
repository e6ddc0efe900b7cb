using System.Globalization;
using System.Text;

namespace Baton.Compare.Wire;

/// <summary>
/// A minimal RESP2 client: one command at a time on one connection, no multiplexing, so a blocking
/// BLMOVE holds its own connection and each reply is timed as the server sent it.
/// </summary>
internal sealed class RespClient : IAsyncDisposable
{
    private readonly LineConnection _connection;

    private RespClient(LineConnection connection) => _connection = connection;

    public static async Task<RespClient> ConnectAsync(int port, CancellationToken cancellationToken)
        => new(await LineConnection.ConnectAsync(port, cancellationToken));

    /// <summary>Sends one command; returns a bulk or simple string reply, the integer as text, or null for a null reply.</summary>
    public async Task<string?> CommandAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var command = new StringBuilder();
        command.Append(CultureInfo.InvariantCulture, $"*{arguments.Count}\r\n");
        foreach (var argument in arguments)
        {
            command.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(argument)}\r\n{argument}\r\n");
        }
        await _connection.WriteAsync(Encoding.UTF8.GetBytes(command.ToString()), cancellationToken);
        return await ReadReplyAsync(cancellationToken);
    }

    private async Task<string?> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var line = await _connection.ReadLineAsync(cancellationToken);
        switch (line[0])
        {
            case '+':
            case ':':
                return line[1..];
            case '-':
                throw new InvalidDataException("redis: " + line[1..]);
            case '$':
                var length = int.Parse(line.AsSpan(1), CultureInfo.InvariantCulture);
                return length < 0 ? null : await _connection.ReadPayloadAsync(length, cancellationToken);
            case '*':
                // Only the null array (a blocking command's timeout) is expected here.
                return line == "*-1" ? null : throw new InvalidDataException("redis: unexpected array reply " + line);
            default:
                throw new InvalidDataException("redis: unexpected reply " + line);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
