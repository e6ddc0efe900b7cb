namespace Baton.Storage.Postgres;

/// <summary>One write waiting for the writer loop: runs inside a shared transaction and is answered only after that
/// transaction has committed.</summary>
internal abstract class PendingWrite
{
    /// <summary>Runs the work. <paramref name="isolated"/>: in a savepoint of its own, so a failure or an undo takes
    /// back this write alone; otherwise side by side with the batch's other writes, and a failure or an undo answers
    /// <see cref="WriteOutcome.Redo"/> (the caller rolls back and runs the batch again isolated). A lost connection is
    /// not the write's failure: it propagates, and the writer runs the batch again on a new connection.</summary>
    public abstract WriteOutcome Run(Session session, bool isolated);

    /// <summary>What the write will read, for the batch's prefetch; null when it says nothing.</summary>
    public WriteHint? Hint { get; init; }

    /// <summary>Called after the commit: hands the result to the caller.</summary>
    public abstract void Complete();

    /// <summary>Called when the shared transaction failed: nothing of it is kept.</summary>
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

/// <param name="work">The write; it may change nothing but the store, as it can run more than once (again isolated,
/// or again on a new connection after the old one broke), and only the run that commits counts.</param>
/// <param name="cancellationToken">Skips the write if cancelled before it runs; a write that checks it as it runs and
/// throws is undone.</param>
/// <remarks>The caller continues on the thread pool, never on the writer thread: its code there could wait for another
/// write, which would wait for that very thread.</remarks>
internal sealed class PendingWrite<T>(Func<StoreScope, T> work, CancellationToken cancellationToken) : PendingWrite
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;
    private bool _cancelled;

    public Task<T> Task => _done.Task;

    public override WriteOutcome Run(Session session, bool isolated)
    {
        // What an earlier run left (it was undone, or its transaction was lost) does not count.
        (_result, _error, _cancelled) = (default, null, false);
        if (cancellationToken.IsCancellationRequested)
        {
            _cancelled = true;
            return WriteOutcome.Unchanged;
        }
        var scope = new StoreScope(session);
        if (!isolated)
        {
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
            catch (Exception error) when (error is not OutOfMemoryException && !Failures.IsConnectionLost(error))
            {
                // Part of it may be in the transaction (which a failed statement has aborted): the batch runs again,
                // this write in its own savepoint.
                return WriteOutcome.Redo;
            }
        }
        session.Savepoint();
        try
        {
            var result = work(scope);
            if (scope.RolledBack)
            {
                session.RollbackToSavepoint();
                return WriteOutcome.Unchanged;
            }
            // Its queued statements run inside its savepoint: an error among them is this write's alone.
            session.ReleaseSavepoint();
            _result = result;
            return scope.Changed ? WriteOutcome.Changed : WriteOutcome.Unchanged;
        }
        catch (Exception error) when (error is not OutOfMemoryException && !Failures.IsConnectionLost(error))
        {
            session.RollbackToSavepoint();
            if (error is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                // The work saw its token cancelled (a long import whose client went away) and was undone alone.
                _cancelled = true;
            }
            else
            {
                // A bug or broken data in this one write must not sink the others sharing the transaction.
                _error = error;
            }
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
