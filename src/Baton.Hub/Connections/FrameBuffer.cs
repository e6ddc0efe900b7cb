using System.Buffers;
using System.Net.WebSockets;
using Baton.Hub.Limits;

namespace Baton.Hub.Connections;

/// <summary>
/// Receives one WebSocket message at a time into a buffer that grows as the message needs and shrinks back after it:
/// a connection keeps only its small pooled buffer between messages, never the largest it ever received. Up to
/// <see cref="PooledBytes"/> the buffer comes from the shared pool; a larger one (an import) is a plain array the GC
/// takes back once the message is read, and counts against the hub's <see cref="LargeFrameBudget"/>.
/// </summary>
internal sealed class FrameBuffer : IDisposable
{
    /// <summary>Buffers up to this size are pooled; larger ones are too rare to keep.</summary>
    public const int PooledBytes = 64 * 1024;

    private const int InitialBytes = 4096;

    private readonly LargeFrameBudget _budget;
    private byte[] _small;
    private byte[] _buffer;
    private long _taken;

    public FrameBuffer(LargeFrameBudget budget)
    {
        _budget = budget;
        _small = ArrayPool<byte>.Shared.Rent(InitialBytes);
        _buffer = _small;
    }

    /// <summary>The message read by the last <see cref="ReceiveAsync"/>.</summary>
    public ReadOnlyMemory<byte> Message { get; private set; }

    public WebSocketMessageType MessageType { get; private set; }

    public async ValueTask<FrameOutcome> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        Reset();
        var written = 0;
        while (true)
        {
            if (written == _buffer.Length && Grow(written) is { } refused)
            {
                return refused;
            }
            var received = await socket.ReceiveAsync(_buffer.AsMemory(written), cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return FrameOutcome.Closed;
            }
            written += received.Count;
            if (received.EndOfMessage)
            {
                MessageType = received.MessageType;
                Message = _buffer.AsMemory(0, written);
                return FrameOutcome.Message;
            }
        }
    }

    /// <summary>Gives back what the last message needed beyond the small buffer.</summary>
    public void Reset()
    {
        Message = default;
        if (!ReferenceEquals(_buffer, _small))
        {
            if (_buffer.Length <= PooledBytes)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }
            _buffer = _small;
        }
        if (_taken > 0)
        {
            _budget.Give(_taken);
            _taken = 0;
        }
    }

    public void Dispose()
    {
        Reset();
        ArrayPool<byte>.Shared.Return(_small);
        _small = _buffer = [];
    }

    // The buffer is full and the message goes on: a larger buffer, or the reason there is none.
    private FrameOutcome? Grow(int written)
    {
        var limits = _budget.Limits;
        var limit = written >= limits.MaxFrameBytes && IsImport(_buffer.AsSpan(0, written)) ? limits.MaxImportBytes : limits.MaxFrameBytes;
        if (written >= limit)
        {
            return FrameOutcome.TooBig;
        }
        var size = (int)Math.Min((long)_buffer.Length * 2, limit);
        byte[] larger;
        if (size <= PooledBytes)
        {
            larger = ArrayPool<byte>.Shared.Rent(size);
        }
        else
        {
            if (size > limits.MaxFrameBytes)
            {
                if (!_budget.TryTake(size - _taken))
                {
                    return FrameOutcome.Busy;
                }
                _taken = size;
            }
            larger = GC.AllocateUninitializedArray<byte>(size);
        }
        _buffer.AsSpan(0, written).CopyTo(larger);
        if (!ReferenceEquals(_buffer, _small) && _buffer.Length <= PooledBytes)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = larger;
        return null;
    }

    // An import may be larger than other frames. Only a frame that starts with its type can say so in time:
    // the size is decided before the rest of the frame arrives. Baton's own clients write "type" first.
    internal static bool IsImport(ReadOnlySpan<byte> frame)
    {
        frame = frame.TrimStart(" \t\r\n"u8);
        if (!frame.StartsWith("{"u8))
        {
            return false;
        }
        frame = frame[1..].TrimStart(" \t\r\n"u8);
        if (!frame.StartsWith("\"type\""u8))
        {
            return false;
        }
        frame = frame[6..].TrimStart(" \t\r\n"u8);
        if (!frame.StartsWith(":"u8))
        {
            return false;
        }
        return frame[1..].TrimStart(" \t\r\n"u8).StartsWith("\"import\""u8);
    }
}
