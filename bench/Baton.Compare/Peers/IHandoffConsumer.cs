namespace Baton.Compare.Peers;

/// <summary>The waiting consumer of the handoff workload.</summary>
internal interface IHandoffConsumer : IAsyncDisposable
{
    /// <summary>Waits (blocking claim, or listen then claim) until a task is claimed; returns its id.</summary>
    Task<string> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Acknowledges a received task.</summary>
    Task AckAsync(string id, CancellationToken cancellationToken);
}
