namespace Baton.Compare.Peers;

/// <summary>
/// One row of the comparison: a queue, started in its durable configuration, that runs the shared
/// workloads. Baton's rows implement it like the peers do, so they are measured the same way.
/// </summary>
internal interface IQueuePeer : IAsyncDisposable
{
    /// <summary>Short name, also the <c>--only</c> key (e.g. <c>redis-always</c>).</summary>
    string Name { get; }

    /// <summary>What an acknowledgement promises about the data surviving a crash or power loss.</summary>
    string Durability { get; }

    /// <summary>How the harness talks to it (client library, connections).</summary>
    string Client { get; }

    /// <summary>Starts the server (if any) with its data under a fresh temporary folder.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Preloads <paramref name="tasks"/> tasks, then measures claim + ack with that many consumers: tasks/s and CPU per task.</summary>
    Task<LifecycleResult> LifecycleAsync(int consumers, int tasks, CancellationToken cancellationToken);

    /// <summary>Add-to-received latency with one consumer already waiting, tasks added one at a time.</summary>
    Task<LatencySummary> HandoffAsync(int samples, CancellationToken cancellationToken);

    /// <summary>Stops what <see cref="StartAsync"/> started and waits for it to exit; safe to call twice.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
