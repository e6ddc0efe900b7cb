using Baton.Compare.Peers;

namespace Baton.Compare.Report;

/// <summary>What one queue peer measured, or why it could not.</summary>
internal sealed record PeerRow(string Name, string Durability, string Client)
{
    /// <summary>tasks/s by consumer count: the median of the rounds.</summary>
    public Dictionary<int, double> Lifecycle { get; } = [];

    /// <summary>tasks/s by consumer count, one figure per round in round order.</summary>
    public Dictionary<int, List<double>> LifecycleRounds { get; } = [];

    /// <summary>CPU per task by consumer count, one figure per round: the machine's (µs; absent where it could
    /// not be read) and the harness process's.</summary>
    public Dictionary<int, List<(double? MachineUs, double HarnessUs)>> CpuRounds { get; } = [];

    /// <summary>Records one round's figures and updates the median.</summary>
    public void AddLifecycle(int consumers, LifecycleResult result)
    {
        if (!LifecycleRounds.TryGetValue(consumers, out var rounds))
        {
            LifecycleRounds[consumers] = rounds = [];
            CpuRounds[consumers] = [];
        }
        rounds.Add(result.TasksPerSecond);
        CpuRounds[consumers].Add((result.MachineCpuUs, result.HarnessCpuUs));
        Lifecycle[consumers] = Median(rounds);
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public LatencySummary? Handoff { get; set; }

    /// <summary>Set when the peer failed or is not implemented yet.</summary>
    public string? Problem { get; set; }
}
