using System.Runtime.InteropServices;
using Baton.Hub.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Limits;

/// <summary>
/// Gives memory back after a burst. The GC collects only when something allocates, and the C library keeps what
/// native code freed for its own reuse, so a hub that went quiet after a burst (40 large frames refused, a large
/// import, 10,000 hellos, 2,000 connections closed) kept 48-75 MiB above idle for as long as it stayed quiet
/// (bench/Baton.Limits). Every <see cref="Period"/>, if the process's resident memory is more than
/// <see cref="Slack"/> above its mark (the least it was since the last trim), one aggressive full collection returns
/// the managed garbage and <c>malloc_trim</c> the C library's free pages; while a trim gives back more than the slack,
/// the next tick trims again. What is live stays and becomes the new mark, so the same memory is not trimmed for
/// twice, and a hub whose memory does not keep growing is never trimmed (a collection of a heap this size pauses the
/// hub for milliseconds).
/// </summary>
internal sealed partial class HeapTrimmer(TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    public const long Slack = 16L << 20;

    private readonly ILogger _logger = loggers.CreateLogger("Baton.Hub.Limits");
    private bool _canTrimNative = OperatingSystem.IsLinux();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mark = Environment.WorkingSet;
        var again = false;
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var resident = Environment.WorkingSet;
                if (!again && resident < mark + Slack)
                {
                    mark = Math.Min(mark, resident);
                    continue;
                }
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                TrimNative();
                mark = Environment.WorkingSet;
                HubLog.HeapTrimmed(_logger, resident >> 20, mark >> 20);
                // A trim that gave back much may have come while the burst was still ending (a refused frame is
                // drained for up to 5 s): look again at the next tick, until a trim gives back little.
                again = resident - mark > Slack;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void TrimNative()
    {
        if (!_canTrimNative)
        {
            return;
        }
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): the managed half is what there is.
            _canTrimNative = false;
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
