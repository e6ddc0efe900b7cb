namespace Baton.Storage.Sqlite;

/// <summary>One write waiting for the writer loop: runs inside a savepoint of a shared transaction and is
/// acknowledged only after that transaction has committed.</summary>
internal abstract class PendingWrite
{
    /// <summary>Runs the work; true when it changed something that was kept.</summary>
    public abstract bool Run(StoreConnection connection);

    /// <summary>Called after the commit: hands the result to the caller.</summary>
    public abstract void Complete();

    /// <summary>Called when the shared transaction failed: nothing of it is durable.</summary>
    public abstract void Fail(Exception error);
}

internal sealed class PendingWrite<T>(Func<StoreScope, T> work, CancellationToken cancellationToken) : PendingWrite
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;
    private bool _cancelled;

    public Task<T> Task => _done.Task;

    public override bool Run(StoreConnection connection)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            _cancelled = true;
            return false;
        }
        try
        {
            _result = connection.InSavepoint(work, out var changed);
            return changed;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A bug or broken data in this one write must not sink the others sharing the transaction.
            _error = error;
            return false;
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

    public override bool Run(StoreConnection connection) => false;

    public override void Complete()
    {
    }

    public override void Fail(Exception error)
    {
    }
}
