using System.Diagnostics;

namespace Baton.Storage.Sqlite;

/// <summary>
/// Tells whether writes come far enough apart for one to run alone (<see cref="SqliteStore"/>'s lone
/// writes): when the usual gap between arrivals is longer than a write usually takes to be answered, the
/// next write would not have found company anyway. When writes come closer together, a lone write keeps
/// those that arrive during its flush out of a shared commit, and each of them then commits and flushes in
/// a smaller batch: more pages written and more flushes per task (measured with 8 workers: 28 against 23 KB
/// written per task).
/// </summary>
/// <remarks>
/// Both figures are moving averages (each sample weighs 1/8, and counts as at most 10 ms, so a long idle
/// spell or one large import does not outweigh what follows). They are measured on this machine, so the
/// rule needs no tuning: one worker's round trips get lone writes, eight workers' share commits. Updates
/// race benignly: a lost sample only slows an average a little.
/// </remarks>
internal sealed class ArrivalGauge
{
    private static readonly long MaxSample = Stopwatch.Frequency / 100;

    private long _lastArrival;
    private long _gap = MaxSample;
    private long _answer;

    /// <summary>True when writes have been arriving further apart than a write takes to be answered.</summary>
    public bool Quiet => Volatile.Read(ref _gap) > Volatile.Read(ref _answer);

    /// <summary>A write arrived at <paramref name="now"/> (Stopwatch ticks).</summary>
    public void Arrived(long now)
    {
        var last = Interlocked.Exchange(ref _lastArrival, now);
        if (last != 0)
        {
            Mix(ref _gap, now - last);
        }
    }

    /// <summary>A write was answered this long (Stopwatch ticks) after it arrived.</summary>
    public void Answered(long ticks) => Mix(ref _answer, ticks);

    private static void Mix(ref long average, long sample)
    {
        var old = Volatile.Read(ref average);
        Volatile.Write(ref average, old + ((Math.Clamp(sample, 0, MaxSample) - old) / 8));
    }
}
