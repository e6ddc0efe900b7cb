using Baton.Core.Tasks;

namespace Baton.Core.Stats;

/// <summary>One task's line in the ROI report (<c>baton stats --markdown</c>).</summary>
public sealed record StatsTaskRow
{
    /// <summary>The task.</summary>
    public required TaskId Id { get; init; }

    /// <summary>Its title.</summary>
    public required string Title { get; init; }

    /// <summary>Where it is now.</summary>
    public required TaskState State { get; init; }

    /// <summary>Claims so far.</summary>
    public int Attempts { get; init; }

    /// <summary>Engineer interventions (resolved escalations) on it.</summary>
    public int Interventions { get; init; }

    /// <summary>Time its attempts waited from ready to claimed, ms.</summary>
    public long QueueWaitMs { get; init; }

    /// <summary>Time workers held it, over every attempt that ended (claim to report or release), ms.</summary>
    public long WorkMs { get; init; }

    /// <summary>Run time of its acceptance checks, over every attempt, ms.</summary>
    public long ChecksMs { get; init; }
}
