namespace Baton.Storage;

/// <summary>
/// Wakes waiters when the store may have changed: a commit in this process, or (for a file store) a
/// write by another process. A wake is a hint to look again, never a promise that something changed.
/// </summary>
public interface IStoreChangeFeed
{
    /// <summary>
    /// A task that completes at the next change after this property is read. Read it BEFORE looking at
    /// the store and await it after, so a change between the look and the wait is never missed.
    /// </summary>
    Task Next { get; }

    /// <summary>Completes at the next change, or when the token is cancelled (then throws).</summary>
    Task WaitAsync(CancellationToken cancellationToken);

    /// <summary>Tells waiters in this process that a commit happened.</summary>
    void Notify();
}
