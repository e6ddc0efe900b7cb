using Microsoft.Extensions.Logging;

namespace Baton.Hub.Logging;

// Lease and dispatch ids 2200-2299. Next free id: 2208.
internal static partial class HubLog
{
    [LoggerMessage(2200, LogLevel.Information, "Expired {TaskCount} lease(s)")]
    public static partial void LeasesExpired(ILogger logger, int taskCount);

    [LoggerMessage(2201, LogLevel.Error, "Lease sweep failed; retrying")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(2202, LogLevel.Debug, "Assigned task {TaskId} to waiting worker {WorkerName}")]
    public static partial void Assigned(ILogger logger, string taskId, string workerName);

    [LoggerMessage(2203, LogLevel.Error, "Claim dispatch failed; retrying")]
    public static partial void DispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(2204, LogLevel.Warning, "Worker {WorkerName} left before task {TaskId} was delivered; released it")]
    public static partial void UndeliveredReleased(ILogger logger, string workerName, string taskId);

    [LoggerMessage(2206, LogLevel.Debug, "Dispatch round: {WaiterCount} waiting, {ReadyCount} ready")]
    public static partial void DispatchRound(ILogger logger, int waiterCount, int readyCount);

    [LoggerMessage(2207, LogLevel.Debug, "Worker {WorkerName} gave up its waiting claim (cancelled or disconnected); it will get no task")]
    public static partial void ClaimAbandoned(ILogger logger, string workerName);

    [LoggerMessage(2205, LogLevel.Error, "Event pump failed; retrying")]
    public static partial void PumpFailed(ILogger logger, Exception exception);
}
