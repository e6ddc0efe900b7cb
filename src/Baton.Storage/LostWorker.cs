using Baton.Core.Tasks;

namespace Baton.Storage;

/// <summary>What <see cref="IBatonStore.ReleaseLostWorkerAsync"/> did: released the worker's leases, or left them
/// because another live hub holds its connection now.</summary>
public sealed record LostWorker
{
    /// <summary>The tasks released (back to ready, the attempt ending lost); empty when it held none or moved.</summary>
    public required IReadOnlyList<TaskId> Released { get; init; }

    /// <summary>The live hub that holds the worker's connection now (it moved there within the grace); null when
    /// the worker was released.</summary>
    public HubId? MovedTo { get; init; }
}
