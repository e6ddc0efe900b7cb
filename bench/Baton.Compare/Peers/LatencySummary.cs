using System.Globalization;

namespace Baton.Compare.Peers;

/// <summary>Percentiles of a latency sample, in microseconds.</summary>
internal sealed record LatencySummary(int Count, double P50, double P99, double Max)
{
    public static LatencySummary From(IReadOnlyList<double> microseconds)
    {
        if (microseconds.Count == 0)
        {
            throw new ArgumentException("no samples", nameof(microseconds));
        }
        var sorted = microseconds.Order().ToArray();
        return new LatencySummary(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted[^1]);
    }

    // Nearest rank: the smallest sample with at least p of the samples at or below it.
    private static double Percentile(double[] sorted, double p)
        => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{P50:F0} / {P99:F0} / {Max:F0}");
}
