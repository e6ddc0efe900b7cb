using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Hub.Scheduling;

/// <summary>A claim waiting for a task. The dispatcher loop completes it; a standing claim's lease may
/// complete it first, on the thread that saw its commit become durable. Completion and abandonment are first-wins, so a waiter
/// either gets its task or is abandoned (and the task given back), never both.</summary>
internal sealed class ClaimWaiter
{
    // Continuations run on the thread that answers: the reply to the waiting worker (hub code down to the
    // socket write, which does not block) goes out from there instead of waiting for a pool thread to wake.
    // For a standing claim that thread is the store's sync thread, right after the flush: the handoff saves
    // a wake-up, which on a small VM was a few hundred microseconds of its latency.
    private readonly TaskCompletionSource<Result<Assignment>> _completion = new();

    public ClaimWaiter(ClaimRequest request, DateTimeOffset? deadline, long arrival, CancellationToken cancellationToken)
    {
        Request = request;
        Deadline = deadline;
        Arrival = arrival;
        CancellationToken = cancellationToken;
    }

    /// <summary>The claim to make, without a wait (the dispatcher does the waiting).</summary>
    public ClaimRequest Request { get; }

    /// <summary>Who asked (the request's token, for the audit trail): the claim is made later, on the dispatcher's
    /// loop or inside another write, and its events still name the waiter's token.</summary>
    public string? Actor { get; } = Baton.Storage.AuditActor.Current;

    /// <summary>When to answer no_task; null waits until the caller goes away.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Order of arrival at the dispatcher: smaller waited longer.</summary>
    public long Arrival { get; }

    /// <summary>How many times a task went to another waiter while this one waited (least-loaded ages on it).
    /// Only the dispatcher loop touches it.</summary>
    public int PassedOver { get; set; }

    /// <summary>Cancelled when the caller's socket or HTTP request goes away.</summary>
    public CancellationToken CancellationToken { get; }

    public Task<Result<Assignment>> Completion => _completion.Task;

    public void Complete(Result<Assignment> result) => _completion.TrySetResult(result);

    /// <summary>Abandons the waiter unless it was already answered; true when this abandoned it.</summary>
    public bool Abandon() => _completion.TrySetCanceled(CancellationToken);
}
