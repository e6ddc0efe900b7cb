namespace Baton.Core.Life;

/// <summary>A ready task as a claim sees it, one at a time in the order the store's ready index gives
/// (<see cref="TaskMachine.ClaimOrder"/>).</summary>
internal interface IClaimCandidate
{
    /// <summary>Labels a worker must accept.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>The globs the task would reserve.</summary>
    IReadOnlyList<string> Files { get; }
}
