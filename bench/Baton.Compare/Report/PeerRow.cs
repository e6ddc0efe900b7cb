using Baton.Compare.Peers;

namespace Baton.Compare.Report;

/// <summary>What one queue peer measured, or why it could not.</summary>
internal sealed record PeerRow(string Name, string Durability, string Client)
{
    /// <summary>tasks/s by consumer count.</summary>
    public Dictionary<int, double> Lifecycle { get; } = [];

    public LatencySummary? Handoff { get; set; }

    /// <summary>Set when the peer failed or is not implemented yet.</summary>
    public string? Problem { get; set; }
}
