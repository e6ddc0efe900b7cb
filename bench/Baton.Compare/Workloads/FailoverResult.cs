using System.Globalization;

namespace Baton.Compare.Workloads;

/// <summary>What the failover workload measured: for every worker of every round, the time from its hub's
/// <c>kill -9</c> to its next task claimed through the other hub.</summary>
internal sealed class FailoverResult
{
    public required TimeSpan Grace { get; init; }

    public required int Workers { get; init; }

    public required int Rounds { get; init; }

    /// <summary>One sample per worker and round, in milliseconds.</summary>
    public List<double> Samples { get; } = [];

    /// <summary>Per round: how many tasks the workers had done before the kill, and the slowest worker's time (ms).</summary>
    public List<(int DoneBeforeKill, double SlowestMs)> PerRound { get; } = [];

    /// <summary>Set when the workload failed; says why.</summary>
    public string? Problem { get; set; }

    /// <summary>The sample at or below which a share <paramref name="p"/> of the samples lie (nearest rank).</summary>
    public double Percentile(double p)
    {
        var sorted = Samples.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public string Target => Samples.Count == 0 ? "not measured"
        : Samples.Max() <= (Grace + TimeSpan.FromSeconds(1)).TotalMilliseconds
            ? string.Create(CultureInfo.InvariantCulture, $"met (slowest {Samples.Max():F0} ms, target ≤ {(Grace + TimeSpan.FromSeconds(1)).TotalMilliseconds:F0} ms)")
            : string.Create(CultureInfo.InvariantCulture, $"**not met** (slowest {Samples.Max():F0} ms, target ≤ {(Grace + TimeSpan.FromSeconds(1)).TotalMilliseconds:F0} ms)");
}
