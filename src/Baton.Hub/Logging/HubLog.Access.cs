using Microsoft.Extensions.Logging;

namespace Baton.Hub.Logging;

// Access ids 2500-2599. Next free id: 2506.
internal static partial class HubLog
{
    [LoggerMessage(2500, LogLevel.Warning, "Refused {Method} {Path} from {Remote}: {Status} {Reason}")]
    public static partial void HttpRefused(ILogger logger, string method, string path, string remote, int status, string reason);

    [LoggerMessage(2501, LogLevel.Warning, "Refused {MessageType} on {Session} from {Remote} ({Actor}): {Code} {Reason}")]
    public static partial void RequestRefused(ILogger logger, string messageType, string session, string remote, string actor, string code, string reason);

    [LoggerMessage(2502, LogLevel.Warning, "Refused MCP tool {Tool} from {Remote} ({Actor}): {Code} {Reason}")]
    public static partial void ToolRefused(ILogger logger, string tool, string remote, string actor, string code, string reason);

    [LoggerMessage(2503, LogLevel.Warning, "The hub listens on {Address} over plain HTTP (--insecure-http): tokens cross the network in clear")]
    public static partial void InsecureHttp(ILogger logger, string address);

    [LoggerMessage(2504, LogLevel.Information, "Connection {Session} closed: no authenticated hello within {Seconds} s")]
    public static partial void HelloTimeout(ILogger logger, string session, int seconds);

    [LoggerMessage(2505, LogLevel.Warning, "Could not read the hub key and tokens from {Location}; the last ones read stay in force until it answers")]
    public static partial void AccessRefreshFailed(ILogger logger, Exception exception, string location);
}
