using System.Diagnostics;
using System.Globalization;

namespace Baton.Cli.Run;

/// <summary>
/// Per-phase timings of <c>baton run</c> on stderr, one line each, when <c>BATON_RUN_TRACE</c> is set (to anything but
/// <c>0</c>): <c>[trace] WORKER TASK PHASE 12.3 ms</c>, or <c>[trace] run - PHASE ...</c> for the run's own set-up.
/// <c>bench/run-overhead.sh --trace</c> sums them per phase. Off, it costs a timestamp per phase.
/// </summary>
internal static class RunTrace
{
    public const string EnvironmentVariable = "BATON_RUN_TRACE";

    private static readonly Lock Gate = new();

    public static bool Enabled { get; } = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value && value != "0";

    /// <summary>Writes how long <paramref name="phase"/> took since <paramref name="started"/> (a
    /// <see cref="Stopwatch.GetTimestamp"/>) and returns now, the next phase's start.</summary>
    public static long Phase(string worker, string task, string phase, long started)
    {
        var now = Stopwatch.GetTimestamp();
        if (Enabled)
        {
            var ms = Stopwatch.GetElapsedTime(started, now).TotalMilliseconds;
            lock (Gate)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[trace] {worker} {task} {phase} {ms:0.0} ms"));
            }
        }
        return now;
    }
}
