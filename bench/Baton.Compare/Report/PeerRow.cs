using Baton.Compare.Peers;

namespace Baton.Compare.Report;

/// <summary>What one queue peer measured, or why it could not.</summary>
internal sealed record PeerRow(string Name, string Durability, string Client)
{
    /// <summary>The lifecycle runs by consumer count, one per round in round order.</summary>
    public Dictionary<int, List<LifecycleResult>> Lifecycle { get; } = [];

    /// <summary>Records one round's run.</summary>
    public void AddLifecycle(int consumers, LifecycleResult result)
    {
        if (!Lifecycle.TryGetValue(consumers, out var runs))
        {
            Lifecycle[consumers] = runs = [];
        }
        runs.Add(result);
    }

    /// <summary>tasks/s with <paramref name="consumers"/> consumers, one figure per round; empty when none ran.</summary>
    public List<double> Rates(int consumers)
        => Lifecycle.TryGetValue(consumers, out var runs) ? runs.ConvertAll(r => r.TasksPerSecond) : [];

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
