using Baton.Core.Protocol;

namespace Baton.Client;

/// <summary>A request waiting for its reply. Remembers on which connection it was sent, so a drop can tell
/// whether it may have reached the hub, and a reconnect sends it at most once per connection.</summary>
internal sealed class PendingRequest
{
    private readonly TaskCompletionSource<ProtocolMessage> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sentOn;

    public PendingRequest(ProtocolMessage message, bool retryable)
    {
        Message = message;
        Retryable = retryable;
    }

    public ProtocolMessage Message { get; }

    /// <summary>Safe to send again after a drop (reads, heartbeats, claims, reports with an idempotency key).</summary>
    public bool Retryable { get; }

    public Task<ProtocolMessage> Reply => _reply.Task;

    /// <summary>Claims the right to send on connection <paramref name="generation"/>; false when already sent there.</summary>
    public bool TryMarkSent(long generation) => Interlocked.Exchange(ref _sentOn, generation) != generation;

    public bool WasSentOn(long generation) => Interlocked.Read(ref _sentOn) == generation;

    public void Complete(ProtocolMessage reply) => _reply.TrySetResult(reply);
}
