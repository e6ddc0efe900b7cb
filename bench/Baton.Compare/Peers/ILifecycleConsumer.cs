namespace Baton.Compare.Peers;

/// <summary>One consumer of the lifecycle workload, on its own connection.</summary>
internal interface ILifecycleConsumer : IAsyncDisposable
{
    /// <summary>Claims one task and acknowledges it; false when nothing could be claimed.</summary>
    Task<bool> ClaimAndAckAsync(CancellationToken cancellationToken);
}
