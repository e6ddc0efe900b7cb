using Microsoft.Extensions.Logging;

namespace Baton.Hub.Logging;

// Connection ids 2000-2099. Next free id: 2009.
internal static partial class HubLog
{
    [LoggerMessage(2000, LogLevel.Debug, "Connection {Session} opened")]
    public static partial void ConnectionOpened(ILogger logger, string session);

    [LoggerMessage(2001, LogLevel.Debug, "Connection {Session} closed")]
    public static partial void ConnectionClosed(ILogger logger, string session);

    [LoggerMessage(2002, LogLevel.Information, "Worker {WorkerName} said hello on {Session} as {Role}")]
    public static partial void Hello(ILogger logger, string workerName, string session, string role);

    [LoggerMessage(2003, LogLevel.Debug, "Malformed frame on {Session}: {Problem}")]
    public static partial void MalformedFrame(ILogger logger, string session, string problem);

    [LoggerMessage(2004, LogLevel.Error, "Request {MessageType} on {Session} failed")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string messageType, string session);

    [LoggerMessage(2005, LogLevel.Warning, "Connection {Session} ended abruptly")]
    public static partial void ConnectionAborted(ILogger logger, Exception exception, string session);

    [LoggerMessage(2006, LogLevel.Debug, "Request {MessageType} {RequestId} on {Session}")]
    public static partial void Request(ILogger logger, string messageType, long? requestId, string session);

    [LoggerMessage(2007, LogLevel.Error, "HTTP request {Path} failed")]
    public static partial void HttpFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(2008, LogLevel.Debug, "Connection {Session} ended without a close handshake: {Reason}")]
    public static partial void ConnectionDropped(ILogger logger, string session, string reason);
}
