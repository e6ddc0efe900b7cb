using Microsoft.Extensions.Logging;

namespace Baton.Hub.Logging;

// Worker presence ids 2100-2199. Next free id: 2106.
internal static partial class HubLog
{
    [LoggerMessage(2100, LogLevel.Information, "Worker {WorkerName} disconnected; its leases are kept for {Grace}")]
    public static partial void WorkerDisconnected(ILogger logger, string workerName, TimeSpan grace);

    [LoggerMessage(2101, LogLevel.Information, "Worker {WorkerName} reconnected within the grace period")]
    public static partial void WorkerReconnected(ILogger logger, string workerName);

    [LoggerMessage(2102, LogLevel.Information, "Worker {WorkerName} did not come back; released {TaskCount} task(s)")]
    public static partial void WorkerReleased(ILogger logger, string workerName, int taskCount);

    [LoggerMessage(2103, LogLevel.Error, "Presence update for worker {WorkerName} failed")]
    public static partial void PresenceFailed(ILogger logger, Exception exception, string workerName);

    [LoggerMessage(2104, LogLevel.Information, "Worker {WorkerName} is connected through hub {HubId} now; its leases are kept")]
    public static partial void WorkerMoved(ILogger logger, string workerName, string hubId);

    [LoggerMessage(2105, LogLevel.Warning, "Hub {HubId} could not record its presence in the store")]
    public static partial void PresenceBeatFailed(ILogger logger, Exception exception, string hubId);
}
