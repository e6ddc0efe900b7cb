namespace Baton.Compare.Peers;

/// <summary>One consumer of the lifecycle workload, on its own connection.</summary>
internal interface ILifecycleConsumer : IAsyncDisposable
{
    /// <summary>Claims one task and acknowledges it; false when nothing could be claimed.</summary>
    Task<bool> ClaimAndAckAsync(CancellationToken cancellationToken);
}

/// <summary>A consumer whose acknowledgement can carry its next claim (Baton's <c>report --next</c>): told
/// whether it will claim again, it acks and claims in one round trip.</summary>
internal interface IChainedLifecycleConsumer : ILifecycleConsumer
{
    /// <summary>Acknowledges the task it holds (claiming one first when it holds none) and, when
    /// <paramref name="another"/>, claims its next task with the same request.</summary>
    Task<bool> AckAndClaimNextAsync(bool another, CancellationToken cancellationToken);
}
