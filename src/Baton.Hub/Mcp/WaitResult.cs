namespace Baton.Hub.Mcp;

/// <summary>What <c>wait_for_completion</c> saw when it stopped waiting.</summary>
internal sealed record WaitResult
{
    /// <summary>True when every task waited for is finished (done, failed or cancelled).</summary>
    public required bool Complete { get; init; }

    /// <summary>True when the timeout ran out with tasks still open.</summary>
    public required bool TimedOut { get; init; }

    public required IReadOnlyList<TaskBrief> Finished { get; init; }

    /// <summary>Tasks that will not move without a human; waiting longer does not help them.</summary>
    public required IReadOnlyList<TaskBrief> Escalated { get; init; }

    /// <summary>Tasks still pending, ready, leased or checking.</summary>
    public required IReadOnlyList<TaskBrief> Open { get; init; }
}
