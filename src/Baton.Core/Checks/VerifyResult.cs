namespace Baton.Core.Checks;

/// <summary>The result of re-running every done task's checks together (<c>baton verify</c>).</summary>
public sealed record VerifyResult
{
    /// <summary>True when every done task's checks still pass.</summary>
    public required bool Passed { get; init; }

    /// <summary>Per task: its checks as they run now.</summary>
    public required IReadOnlyList<TaskCheckReport> Tasks { get; init; }
}
