namespace Baton.Storage;

/// <summary>An in-process change feed: each <see cref="Notify"/> completes the current generation's task.</summary>
public class StoreChangeFeed : IStoreChangeFeed
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc/>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <inheritdoc/>
    public Task WaitAsync(CancellationToken cancellationToken) => Next.WaitAsync(cancellationToken);

    /// <inheritdoc/>
    public void Notify()
    {
        var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _next, fresh).TrySetResult();
    }
}
