namespace Baton.Storage;

/// <summary>Settings of local mode (and of the hub, which runs the same logic).</summary>
public sealed record LocalBatonOptions
{
    /// <summary>Lease length when neither the claim nor the task sets one. Default 10 minutes.</summary>
    public TimeSpan DefaultLease { get; init; } = Baton.Core.Tasks.TaskDefaults.Lease;

    /// <summary>The longest text and durations a request may carry. Default <see cref="Baton.Core.Limits.FieldLimits.Default"/>.</summary>
    public Baton.Core.Limits.FieldLimits Limits { get; init; } = Baton.Core.Limits.FieldLimits.Default;
}
