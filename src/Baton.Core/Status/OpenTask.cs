using Baton.Core.Tasks;

namespace Baton.Core.Status;

/// <summary>A task that is neither finished nor stuck: it may still reach done.</summary>
public sealed record OpenTask
{
    /// <summary>The task.</summary>
    public required TaskId TaskId { get; init; }

    /// <summary>pending, ready, leased or checking.</summary>
    public required TaskState State { get; init; }

    /// <summary>Who holds it, when leased.</summary>
    public WorkerId? Worker { get; init; }
}
