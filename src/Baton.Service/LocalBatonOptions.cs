namespace Baton.Service;

/// <summary>Settings of local mode (and of the hub, which runs the same logic).</summary>
public sealed record LocalBatonOptions
{
    /// <summary>Lease length when neither the claim nor the task sets one. Default 10 minutes.</summary>
    public TimeSpan DefaultLease { get; init; } = Baton.Core.Tasks.TaskDefaults.Lease;

    /// <summary>Whether plans may carry <c>command</c> checks, which run programs on this machine. False
    /// (<c>baton serve --no-command-checks</c>) refuses a plan that has one with <c>forbidden</c>, and a command check
    /// stored earlier fails without being run. Default true.</summary>
    public bool AllowCommandChecks { get; init; } = true;

    /// <summary>The most tasks one imported plan may hold (more is refused with <c>limit_exceeded</c>). Default 100,000.</summary>
    public int MaxPlanTasks { get; init; } = Baton.Core.Plans.PlanParseOptions.DefaultMaxTasks;

    /// <summary>The largest plan, in bytes of UTF-8, an import reads (larger is refused with <c>limit_exceeded</c>). Default 64 MiB.</summary>
    public long MaxPlanBytes { get; init; } = Baton.Core.Plans.PlanParseOptions.DefaultMaxBytes;

    /// <summary>The longest text and durations a request may carry. Default <see cref="Baton.Core.Limits.FieldLimits.Default"/>.</summary>
    public Baton.Core.Limits.FieldLimits Limits { get; init; } = Baton.Core.Limits.FieldLimits.Default;
}
