namespace Baton.Core.Tasks;

/// <summary>Defaults that the docs promise.</summary>
public static class TaskDefaults
{
    /// <summary>Attempts before a failing task is escalated.</summary>
    public const int MaxAttempts = 3;

    /// <summary>Lease length: long, because agents think for a long time.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>How long a worker may be unheard before its health reads as late.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromSeconds(60);
}
