using System.Diagnostics;
using System.Globalization;

namespace Baton.Compare.Report;

/// <summary>
/// What one small write + fsync costs in the scratch folder. Every durable row is bounded by it, so
/// it says how to read the absolute numbers of a machine.
/// </summary>
internal static class FsyncProbe
{
    private const int Rounds = 200;

    public static string Measure(string directory)
    {
        var path = Path.Combine(directory, "fsync-probe-" + Guid.NewGuid().ToString("N")[..8]);
        var block = new byte[512];
        var latencies = new double[Rounds];
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            for (var i = 0; i < Rounds; i++)
            {
                var start = Stopwatch.GetTimestamp();
                file.Write(block);
                file.Flush(flushToDisk: true);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }
        finally
        {
            File.Delete(path);
        }
        Array.Sort(latencies);
        return string.Create(CultureInfo.InvariantCulture,
            $"512 B append + fsync: p50 {latencies[Rounds / 2]:F0} µs, p99 {latencies[(Rounds * 99 / 100) - 1]:F0} µs over {Rounds}");
    }
}
