namespace Baton.Core.Status;

/// <summary>A task that is not running, and why.</summary>
public sealed record WaitingTask
{
    /// <summary>The task.</summary>
    public required string TaskId { get; init; }

    /// <summary>Its state.</summary>
    public required string State { get; init; }

    /// <summary>What it waits on, in words.</summary>
    public required string Reason { get; init; }
}
