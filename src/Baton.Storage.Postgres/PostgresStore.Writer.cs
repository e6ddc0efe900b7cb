using System.Diagnostics;
using Baton.Core.Tasks;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(1);

    // Owned by the writer thread: its connection (opened when first needed, and again after it broke), the standing
    // claims tried in the transaction being committed, and whether that transaction changed something.
    private Session? _session;
    private readonly List<(StandingClaim Offer, Assignment? Leased)> _tried = [];
    private bool _lastChanged;
    private int _opened;
    private long _reconnects;

    /// <summary>What the writer did (for the tests and the benchmark).</summary>
    internal WriterCounters Counters { get; } = new();

    /// <summary>How many times the writer opened its connection again after it broke (for the tests).</summary>
    internal long Reconnects => Interlocked.Read(ref _reconnects);

    // The writer runs on its own thread, with the synchronous Npgsql calls: a write's work is synchronous (Core's
    // decision reads rows as it goes), and the store's one serial resource should not wait in the thread pool's queue
    // behind the work it unblocks.
    private void WriteLoop(TaskCompletionSource done)
    {
        try
        {
            WriteLoopCore();
            done.TrySetResult();
        }
        catch (Exception error)
        {
            done.TrySetException(error);
        }
        finally
        {
            DropSession();
        }
    }

    private void WriteLoopCore()
    {
        Debug.Assert(Thread.CurrentThread.Name == WriterThreadName, "the write loop runs on the writer thread");
        var batch = new List<PendingWrite>(MaxBatch);
        while (_writes.Reader.TryPeek(out _) || _writes.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            var started = Stopwatch.GetTimestamp();
            CommitBatch(batch);
            Counters.Batch(batch.Count, Stopwatch.GetTimestamp() - started);
        }
    }

    // Runs the batch in one transaction and answers its writes after the commit. A connection that breaks (the server
    // restarting) is opened again, with backoff, and the batch run again from the start, for up to RetryWindow: the
    // callers just wait longer. Running again is safe while nothing committed: before the commit's round trip; or in it,
    // when the server itself ended the session (its error came before the commit was run), or when the transaction's id
    // came back and the server, asked once it answers again, says the transaction did not commit (txid_status). Only a
    // broken connection in the commit's round trip with no id and no word from the server leaves the outcome unknown:
    // those writes fail with an error that says so (a retried report carries its idempotency key and is not applied twice).
    private void CommitBatch(List<PendingWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var delay = FirstRetry;
        long? unresolved = null;
        long? lostAt = null;
        while (true)
        {
            try
            {
                var session = OpenSession();
                if (unresolved is { } xid)
                {
                    switch (TransactionStatus(session, xid))
                    {
                        case "committed":
                            _log.WriterBack(Stopwatch.GetElapsedTime(lostAt!.Value), batch.Count);
                            Committed(batch, _lastChanged, xid);
                            return;
                        case "aborted":
                            unresolved = null;
                            EndTriedOffers();
                            break;
                        case "in progress":
                            // The old session lives on somewhere (a network split, not a restart): ask again shortly.
                            throw new NpgsqlException($"transaction {xid} is still in progress on a lost connection");
                        default:
                            _log.OutcomeUnknown(batch.Count);
                            Fail(batch, OutcomeUnknown(null));
                            return;
                    }
                }
                var changed = RunTransaction(session, batch);
                if (lostAt is { } since)
                {
                    _log.WriterBack(Stopwatch.GetElapsedTime(since), batch.Count);
                }
                Committed(batch, changed, session.Xid);
                return;
            }
            catch (Exception error) when (Failures.IsConnectionLost(error))
            {
                if (lostAt is null)
                {
                    lostAt = Stopwatch.GetTimestamp();
                    _log.WriterLost(error, RetryWindow);
                }
                var lost = _session;
                DropSession();
                if (unresolved is null && lost is not null)
                {
                    switch (LostCommits.Classify(lost.CommitSent, lost.XidReceived, lost.Xid, error))
                    {
                        case LostCommit.AskTheServer:
                            // Asked once the server answers again; the tried offers wait for that answer too.
                            unresolved = lost.Xid;
                            break;
                        case LostCommit.Unknown:
                            _log.OutcomeUnknown(batch.Count);
                            Fail(batch, OutcomeUnknown(error));
                            return;
                    }
                }
                if (unresolved is null)
                {
                    EndTriedOffers();
                }
                if (_closing || Stopwatch.GetElapsedTime(started) > RetryWindow)
                {
                    _log.WriterGaveUp(error, _closing ? Stopwatch.GetElapsedTime(started) : RetryWindow, batch.Count);
                    Fail(batch, unresolved is not null ? OutcomeUnknown(error) : new PostgresStoreException(Location, _closing
                        ? $"the store at {Location} was closed while its server did not answer ({error.Message})"
                        : $"the PostgreSQL store at {Location} did not answer for {RetryWindow.TotalSeconds:0} s: {error.Message}", error));
                    return;
                }
                _closed.Token.WaitHandle.WaitOne(delay);
                delay = delay * 2 > LastRetry ? LastRetry : delay * 2;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // A bug, or an error the isolated run could not pin on one write: nothing of the batch is kept.
                TryRollback();
                Fail(batch, error);
                return;
            }
        }
    }

    private PostgresStoreException OutcomeUnknown(Exception? error) => new(Location,
        $"the connection to the PostgreSQL store at {Location} broke while a commit was under way, and whether it committed is unknown: "
        + "look before doing it again (a report sent again with its idempotency key is applied once)" + (error is null ? "" : $" ({error.Message})"), error);

    // The transaction: Baton's lock first (queued with BEGIN, sent with the first read), then the writes side by side.
    // Should one throw or ask to be undone, or a standing claim throw, the transaction is rolled back and the batch runs
    // again with a savepoint per write (and per standing claim), so that one fails or is undone alone: a savepoint per
    // write in every batch would cost two statements each, and a subtransaction in the server. The notification of the
    // change goes in the transaction (PostgreSQL delivers it at commit), and is sent with the commit.
    private bool RunTransaction(Session session, List<PendingWrite> batch)
    {
        _tried.Clear();
        var isolated = false;
        while (true)
        {
            session.Begin(PostgresSchema.WriteLock, synchronous: _flusher is null);
            // Side by side, the writes share what the batch will read, read in the round trip that takes the lock.
            session.Cache = isolated ? null : Prefetch(session, batch);
            var redo = !RunWrites(session, batch, isolated, out var changed);
            // What this batch made ready goes to a standing claim in the same commit.
            if (!redo && changed && !TryOffers(session, isolated))
            {
                redo = true;
            }
            if (!redo)
            {
                if (changed)
                {
                    session.Queue("SELECT pg_notify($1, $2)", [Arg.Text(PostgresChangeFeed.Channel), Arg.Text(Id)], returnsRows: true);
                }
                // Known before the commit: should its answer be lost and the server then say it committed, the batch
                // settles with it.
                _lastChanged = changed;
                try
                {
                    session.Commit();
                    return changed;
                }
                catch (PostgresException error) when (!isolated && !Failures.IsConnectionLost(error))
                {
                    // A queued write failed in the commit's round trip: which one, the isolated run finds out.
                }
            }
            Debug.Assert(!isolated, "an isolated run has nothing to run again");
            EndTriedOffers();
            session.Rollback();
            isolated = true;
        }
    }

    // False when a write, run without its own savepoint, threw or asked to be undone: the transaction must then be
    // rolled back and the batch run again isolated.
    private static bool RunWrites(Session session, List<PendingWrite> batch, bool isolated, out bool changed)
    {
        changed = false;
        foreach (var pending in batch)
        {
            switch (pending.Run(session, isolated))
            {
                case WriteOutcome.Changed:
                    changed = true;
                    break;
                case WriteOutcome.Redo:
                    return false;
            }
        }
        return true;
    }

    // After the commit: answered now, or (SyncInBackground) once the flusher made it durable.
    private void Committed(List<PendingWrite> batch, bool changed, long? xid)
    {
        var committed = new CommittedBatch([.. batch], [.. _tried], changed, xid);
        _tried.Clear();
        if (_flusher is { } flusher)
        {
            flusher.Enqueue(committed);
        }
        else
        {
            Settle(committed, null);
        }
    }

    // Nothing of the batch was kept (or whether it was is unknown, which the error says).
    private void Fail(List<PendingWrite> batch, Exception error)
    {
        EndTriedOffers();
        foreach (var pending in batch)
        {
            pending.Fail(error);
        }
    }

    // Once the batch is durable (or known lost): the standing claims' waiters and the writes' callers get their answers,
    // in that order, and the change feed wakes whoever waits on this store object. Batches are settled in commit order,
    // by the writer or by the flusher's thread.
    private void Settle(CommittedBatch batch, Exception? failed)
    {
        foreach (var (offer, leased) in batch.Tried)
        {
            offer.End(failed is null ? leased : null);
        }
        foreach (var pending in batch.Writes)
        {
            if (failed is null)
            {
                pending.Complete();
            }
            else
            {
                pending.Fail(failed);
            }
        }
        if (batch.Changed && failed is null)
        {
            _changes.Notify();
        }
    }

    // The standing claims tried in a transaction that is being undone: each is open again (or ended, if withdrawn meanwhile).
    private void EndTriedOffers()
    {
        foreach (var (offer, _) in _tried)
        {
            offer.End(null);
        }
        _tried.Clear();
    }

    private Session OpenSession()
    {
        if (_session is { } open && open.Connection.FullState == System.Data.ConnectionState.Open)
        {
            return open;
        }
        if (_session is not null)
        {
            DropSession();
        }
        var connection = _dataSource.OpenConnection();
        if (_opened++ > 0)
        {
            Interlocked.Increment(ref _reconnects);
        }
        _session = new Session(connection, _maxWorkers, Counters);
        return _session;
    }

    // After a broken connection: every idle connection of the pool is likely dead too (a restart), so reads start afresh.
    private void DropSession()
    {
        if (_session is not { } session)
        {
            return;
        }
        _session = null;
        try
        {
            session.Connection.Dispose();
        }
        catch (Exception error) when (error is NpgsqlException or IOException or InvalidOperationException)
        {
            // A broken connection may fail to close; it is gone either way.
        }
        _dataSource.Clear();
    }

    private void TryRollback()
    {
        try
        {
            _session?.Rollback();
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException)
        {
            DropSession();
        }
    }

    private static string? TransactionStatus(Session session, long xid)
    {
        using var reader = session.Query("SELECT txid_status($1)", [Arg.Long(xid)]);
        return reader.Read() && !reader.IsDBNull(0) ? reader.GetString(0) : null;
    }
}
