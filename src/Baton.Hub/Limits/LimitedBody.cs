using Microsoft.AspNetCore.Http;

namespace Baton.Hub.Limits;

/// <summary>A request body that refuses to be read past <paramref name="limit"/> bytes, as Kestrel's own limit
/// would (<see cref="BadHttpRequestException"/> with 413), while Kestrel's limit is set higher so that the rest can be
/// drained after the refusal (<see cref="HubLimitsSetup"/>).</summary>
internal sealed class LimitedBody(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var room = limit - _read;
        // One byte more than the limit allows tells a body at the limit from one over it.
        var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, room + 1)], cancellationToken).ConfigureAwait(false);
        _read += n;
        return _read > limit ? throw new BadHttpRequestException("request body too large", StatusCodes.Status413PayloadTooLarge) : n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the request body is read asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
