namespace Baton.Storage;

/// <summary>Settings of local mode (and of the hub, which runs the same logic).</summary>
public sealed record LocalBatonOptions
{
    /// <summary>Lease length when neither the claim nor the task sets one. Default 10 minutes.</summary>
    public TimeSpan DefaultLease { get; init; } = Baton.Core.Tasks.TaskDefaults.Lease;

    /// <summary>Whether plans may carry <c>command</c> checks, which run programs on this machine. False
    /// (<c>baton serve --no-command-checks</c>) refuses a plan that has one with <c>forbidden</c>, and a command check
    /// stored earlier fails without being run. Default true.</summary>
    public bool AllowCommandChecks { get; init; } = true;
}
