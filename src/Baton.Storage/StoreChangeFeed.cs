namespace Baton.Storage;

/// <summary>An in-process change feed: each <see cref="Notify"/> completes the current generation's task.</summary>
public class StoreChangeFeed : IStoreChangeFeed
{
    private Generation _current = new();

    /// <inheritdoc/>
    public Task Next
    {
        get
        {
            var current = Volatile.Read(ref _current);
            if (Volatile.Read(ref current.Watched) == 0 && Interlocked.Exchange(ref current.Watched, 1) == 0)
            {
                OnWatched();
            }
            return current.Done.Task;
        }
    }

    /// <summary>Whether anyone has asked for the current generation's task (<see cref="Next"/>) since the last
    /// <see cref="Notify"/>: when nobody has, nobody waits, and a look for other processes' commits can wait too.</summary>
    protected bool Watched => Volatile.Read(ref Volatile.Read(ref _current).Watched) == 1;

    /// <summary>Called on the first <see cref="Next"/> of a generation, on the caller's thread, before it gets the task.</summary>
    protected virtual void OnWatched()
    {
    }

    /// <inheritdoc/>
    public Task WaitAsync(CancellationToken cancellationToken) => Next.WaitAsync(cancellationToken);

    /// <inheritdoc/>
    public void Notify() => Interlocked.Exchange(ref _current, new Generation()).Done.TrySetResult();

    private sealed class Generation
    {
        public readonly TaskCompletionSource Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Watched;
    }
}
