namespace Baton.Storage;

/// <summary>Settings of local mode (and of the hub, which runs the same logic).</summary>
public sealed record LocalBatonOptions
{
    /// <summary>Lease length when neither the claim nor the task sets one. Default 10 minutes.</summary>
    public TimeSpan DefaultLease { get; init; } = Baton.Core.Tasks.TaskDefaults.Lease;
}
