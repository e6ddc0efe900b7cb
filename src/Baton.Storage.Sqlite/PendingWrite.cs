namespace Baton.Storage.Sqlite;

/// <summary>One write waiting for the writer loop: runs inside a shared transaction and is acknowledged
/// only after that transaction has committed.</summary>
internal abstract class PendingWrite
{
    /// <summary>Runs the work. <paramref name="isolated"/>: in a savepoint of its own, so a failure or an
    /// undo takes back this write alone; otherwise side by side with the batch's other writes, and a failure
    /// or an undo answers <see cref="WriteOutcome.Redo"/> (the caller rolls back and runs the batch again
    /// isolated).</summary>
    public abstract WriteOutcome Run(StoreConnection connection, bool isolated);

    /// <summary>Called after the commit: hands the result to the caller.</summary>
    public abstract void Complete();

    /// <summary>Called when the shared transaction failed: nothing of it is durable.</summary>
    public abstract void Fail(Exception error);
}

/// <summary>What one run of a write did to the open transaction.</summary>
internal enum WriteOutcome
{
    /// <summary>Nothing kept changed (a read, a refusal, a cancelled write, or a failure undone alone).</summary>
    Unchanged,

    /// <summary>Rows changed and are kept.</summary>
    Changed,

    /// <summary>Run without a savepoint, it threw or asked to be undone: the transaction holds part of it.</summary>
    Redo,
}

/// <param name="work">The write; it may change nothing but the store, as it can run twice.</param>
/// <param name="cancellationToken">Skips the write if cancelled before it runs; a write that checks it as it runs and
/// throws is undone.</param>
/// <remarks>The caller continues on the thread pool, never on the thread that settles the write (the writer, the sync
/// thread): caller code there could wait for another write, which would wait for that very thread. Answering on the
/// sync thread instead spared a pool wake-up per reply, but made no difference the hub's throughput or handoff could
/// show (docs/threading.md), and was taken out.</remarks>
internal sealed class PendingWrite<T>(Func<StoreScope, T> work, CancellationToken cancellationToken) : PendingWrite
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;
    private bool _cancelled;

    public Task<T> Task => _done.Task;

    public override WriteOutcome Run(StoreConnection connection, bool isolated)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            _cancelled = true;
            return WriteOutcome.Unchanged;
        }
        if (!isolated)
        {
            var scope = new StoreScope(connection);
            try
            {
                var result = work(scope);
                if (scope.RolledBack)
                {
                    return WriteOutcome.Redo;
                }
                _result = result;
                return scope.Changed ? WriteOutcome.Changed : WriteOutcome.Unchanged;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // Part of it may be in the transaction: the batch runs again, this write in its own savepoint.
                return WriteOutcome.Redo;
            }
        }
        try
        {
            _result = connection.InSavepoint(work, out var changed);
            return changed ? WriteOutcome.Changed : WriteOutcome.Unchanged;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The work saw its token cancelled (a long import whose client went away) and was undone alone.
            _cancelled = true;
            return WriteOutcome.Unchanged;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A bug or broken data in this one write must not sink the others sharing the transaction.
            _error = error;
            return WriteOutcome.Unchanged;
        }
    }

    public override void Complete()
    {
        if (_cancelled)
        {
            _done.TrySetCanceled(cancellationToken);
        }
        else if (_error is not null)
        {
            _done.TrySetException(_error);
        }
        else
        {
            _done.TrySetResult(_result!);
        }
    }

    public override void Fail(Exception error) => _done.TrySetException(error);
}

/// <summary>Not a write: asks the writer loop to look, between batches, whether another connection committed.</summary>
internal sealed class ExternalCommitProbe : PendingWrite
{
    public static readonly ExternalCommitProbe Instance = new();

    private ExternalCommitProbe()
    {
    }

    public override WriteOutcome Run(StoreConnection connection, bool isolated) => WriteOutcome.Unchanged;

    public override void Complete()
    {
    }

    public override void Fail(Exception error)
    {
    }
}
