using Baton.Compare.Peers;

namespace Baton.Compare.Workloads;

/// <summary>What the scale workload measured: one row per store size, filled in as it goes.</summary>
internal sealed class ScaleResult
{
    /// <summary>Claim + report pairs asked for per store (<c>--scale-samples</c>).</summary>
    public required int Requested { get; init; }

    /// <summary>Set when sampling stopped early (its time budget); says how far it got.</summary>
    public string? Note { get; set; }

    public List<ScaleRow> Rows { get; } = [];

    /// <summary>Set when the workload failed; says why.</summary>
    public string? Problem { get; set; }
}

/// <summary>One store size under one configuration (how the store was opened for sampling): how long its preload
/// took, and the latencies measured on it (microseconds).</summary>
internal sealed record ScaleRow(string Configuration, int Tasks, TimeSpan Preload, long StoreBytes)
{
    /// <summary>Claim + report pairs measured.</summary>
    public int Samples { get; set; }

    /// <summary>Claim + report done, one sample per task.</summary>
    public LatencySummary? Both { get; set; }

    public LatencySummary? Claim { get; set; }

    public LatencySummary? Report { get; set; }
}
