using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Baton.Compare.Wire;

/// <summary>
/// A TCP connection to 127.0.0.1 for CRLF-framed text protocols (beanstalkd, RESP): writes whole
/// commands and reads lines and counted payloads from a buffer. One caller at a time.
/// </summary>
internal sealed class LineConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private LineConnection(Socket socket) => _socket = socket;

    public static async Task<LineConnection> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new LineConnection(socket);
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            bytes = bytes[sent..];
        }
    }

    public Task WriteAsync(string text, CancellationToken cancellationToken)
        => WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);

    /// <summary>Reads one line without its CRLF.</summary>
    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var cr = span.IndexOf("\r\n"u8);
            if (cr >= 0)
            {
                var line = Encoding.ASCII.GetString(span[..cr]);
                _start += cr + 2;
                return line;
            }
            await FillAsync(cancellationToken);
        }
    }

    /// <summary>Reads <paramref name="count"/> bytes followed by CRLF.</summary>
    public async Task<string> ReadPayloadAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count + 2)
        {
            await FillAsync(cancellationToken);
        }
        var text = Encoding.UTF8.GetString(_buffer, _start, count);
        _start += count + 2;
        return text;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            throw new InvalidDataException("reply larger than the read buffer");
        }
        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            throw new IOException("the server closed the connection");
        }
        _end += read;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
