using Microsoft.Extensions.Logging;

namespace Baton.Hub.Logging;

// Limit ids 2600-2699. Next free id: 2605.
internal static partial class HubLog
{
    [LoggerMessage(2600, LogLevel.Warning, "Connection {Session} closed: {Reason}")]
    public static partial void FrameRefused(ILogger logger, string session, string reason);

    [LoggerMessage(2601, LogLevel.Warning, "Connection {Session} closed: the client read nothing for {SendTimeout}")]
    public static partial void SlowClient(ILogger logger, string session, TimeSpan sendTimeout);

    [LoggerMessage(2602, LogLevel.Warning, "HTTP request {Path} refused: {Reason}")]
    public static partial void BodyRefused(ILogger logger, string path, string reason);

    [LoggerMessage(2603, LogLevel.Warning, "Refused a request from {Address}: {Limit} requests in progress from that address")]
    public static partial void AddressLimited(ILogger logger, string address, int limit);

    [LoggerMessage(2604, LogLevel.Information, "After a burst: resident memory trimmed from {BeforeMiB} MiB to {AfterMiB} MiB")]
    public static partial void HeapTrimmed(ILogger logger, long beforeMiB, long afterMiB);
}
