using Baton.Core.Limits;

namespace Baton.Hub.Limits;

/// <summary>
/// What one client may ask of the hub, so that no client (a runaway agent, a fuzzer, a slow reader) can take memory,
/// connections or time from the others. Every limit is refused with a clear error (<c>limit_exceeded</c> naming it)
/// or a close reason, and the defaults never bother a real team. docs/security.md ("Limits") lists them.
/// </summary>
public sealed class HubLimits
{
    /// <summary>The largest WebSocket frame, in bytes, except an import frame. Default 1 MiB. A longer frame closes its
    /// connection with 1009 (message too big): the rest of it cannot be skipped reliably.</summary>
    public int MaxFrameBytes { get; init; } = 1024 * 1024;

    /// <summary>The largest plan a client may import, in bytes: the HTTP body of <c>POST /api/import</c> and of an MCP
    /// call, and a WebSocket frame that starts with <c>{"type":"import"</c>. Default 16 MiB.</summary>
    public int MaxImportBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Bytes that all connections together may hold in frames longer than <see cref="MaxFrameBytes"/> (imports
    /// on their way in). Default 64 MiB. A connection whose frame would pass it is closed with 1013 (try again later).</summary>
    public long MaxLargeFrameBytesTotal { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest HTTP request body other than an import, in bytes. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Open connections (WebSocket and HTTP) in all. Default 16,384 (mind the process's open-file limit).</summary>
    public int MaxConnections { get; init; } = 16_384;

    /// <summary>Requests in progress, WebSocket connections included, from one remote address. Default 512. Loopback is
    /// exempt unless <see cref="LimitLoopback"/>: the agents and CLI calls of one machine all come from it, and a
    /// process there can stop the hub anyway.</summary>
    public int MaxConnectionsPerAddress { get; init; } = 512;

    /// <summary>Hold loopback clients to <see cref="MaxConnectionsPerAddress"/> too. Default false.</summary>
    public bool LimitLoopback { get; init; }

    /// <summary>Requests that may wait (waiting claims, event reads with a wait, reports that wait for the next task)
    /// in progress at once on one WebSocket connection. Default 256. Others are answered in order, one at a time.</summary>
    public int MaxWaitingRequestsPerConnection { get; init; } = 256;

    /// <summary>How long one frame to a client may take to send before the hub gives up on that client and closes its
    /// connection (a subscriber that never reads its events). Default 30 seconds.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a client may take to send an HTTP request's headers (slow-loris). Default 10 seconds.</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Workers the store remembers. Default 1,000. A new worker past it makes the store forget the workers seen
    /// longest ago that are disconnected and hold no lease (connected workers are never forgotten).</summary>
    public int MaxRememberedWorkers { get; init; } = 1000;

    /// <summary>The longest text and durations a request may carry. Default <see cref="FieldLimits.Default"/>.</summary>
    public FieldLimits Fields { get; init; } = FieldLimits.Default;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxImportBytes, MaxFrameBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLargeFrameBytesTotal, MaxImportBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBodyBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnectionsPerAddress, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWaitingRequestsPerConnection, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SendTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestHeadersTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRememberedWorkers, 1);
        ArgumentNullException.ThrowIfNull(Fields);
        Fields.Validate();
    }
}
