using Microsoft.Extensions.Logging;

namespace Baton.Hub.Logging;

// Hub lifetime ids 2300-2399. Next free id: 2302.
internal static partial class HubLog
{
    [LoggerMessage(2300, LogLevel.Information, "Hub {HubId} listening on {Url} with store {StorePath}")]
    public static partial void Listening(ILogger logger, string hubId, string url, string storePath);

    [LoggerMessage(2301, LogLevel.Information, "Worker {WorkerName} was connected through a hub that is gone (an earlier run, or another hub on the store); waiting {Grace} for it")]
    public static partial void Orphan(ILogger logger, string workerName, TimeSpan grace);
}
