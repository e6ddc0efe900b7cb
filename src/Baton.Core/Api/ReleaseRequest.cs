using Baton.Core.Tasks;

namespace Baton.Core.Api;

/// <summary>A worker gives a task back on purpose.</summary>
public sealed record ReleaseRequest
{
    /// <summary>The task.</summary>
    public required TaskId TaskId { get; init; }

    /// <summary>Who releases; must hold the live lease.</summary>
    public required WorkerId Worker { get; init; }

    /// <summary>Why, for the next worker.</summary>
    public string? Reason { get; init; }
}
