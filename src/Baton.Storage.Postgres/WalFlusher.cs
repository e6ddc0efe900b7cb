using System.Diagnostics;
using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>
/// With <see cref="PostgresStoreOptions.SyncInBackground"/>: the writer commits without waiting for PostgreSQL's WAL
/// flush (<c>synchronous_commit = off</c> for its transactions), which releases Baton's lock at once, and this thread
/// makes those commits durable before anyone hears of them. It commits a transaction of its own that only takes an id,
/// with <c>synchronous_commit</c> on: PostgreSQL flushes the WAL up to that commit, which covers every commit before it.
/// Then it answers the batches that had committed before the flush began, in commit order. One flush covers every batch
/// committed meanwhile, from this store object or any other on the database, so the lock is held for a transaction's
/// statements only, not for the disk. Other connections may see a commit up to one flush before it is durable; nothing
/// is answered before (the SQLite hub's WalSyncer makes the same promise the same way).
/// </summary>
internal sealed class WalFlusher : IDisposable
{
    private const string ThreadName = "baton-pg-sync";

    private readonly NpgsqlDataSource _dataSource;
    private readonly Action<CommittedBatch, Exception?> _settle;
    private readonly Func<Exception, Exception> _unreachable;
    private readonly TimeSpan _retryWindow;
    private readonly StoreLog _log;
    private readonly CancellationToken _stop;
    private readonly object _gate = new();
    private readonly Queue<CommittedBatch> _queue = new();
    private readonly Thread _thread;
    private NpgsqlConnection? _connection;
    private bool _stopping;
    private long _flushes;

    /// <param name="dataSource">Where its connection comes from.</param>
    /// <param name="settle">Answers a batch: with null once it is durable, or with why it failed.</param>
    /// <param name="unreachable">The error for batches whose durability could not be learned in time.</param>
    /// <param name="retryWindow">How long it waits for a server that does not answer.</param>
    /// <param name="log">Where it says that its connection broke and came back.</param>
    /// <param name="stop">Cut short a wait for a server that does not answer (the store is closing).</param>
    public WalFlusher(NpgsqlDataSource dataSource, Action<CommittedBatch, Exception?> settle, Func<Exception, Exception> unreachable, TimeSpan retryWindow,
        StoreLog log, CancellationToken stop)
    {
        _log = log;
        _stop = stop;
        _dataSource = dataSource;
        _settle = settle;
        _unreachable = unreachable;
        _retryWindow = retryWindow;
        _thread = new Thread(Run) { IsBackground = true, Name = ThreadName };
        _thread.Start();
    }

    /// <summary>How many flushes it made (for the tests and the benchmark).</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>Hands over a batch that committed without waiting for the disk; it is answered after the next flush.</summary>
    public void Enqueue(CommittedBatch batch)
    {
        lock (_gate)
        {
            Debug.Assert(!_stopping, "no batch commits after the store began closing its writer");
            _queue.Enqueue(batch);
            Monitor.Pulse(_gate);
        }
    }

    private void Run()
    {
        while (true)
        {
            CommittedBatch[] batches;
            lock (_gate)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }
                if (_queue.Count == 0)
                {
                    return;
                }
                batches = [.. _queue];
                _queue.Clear();
            }
            var failed = Flush(batches);
            foreach (var batch in batches)
            {
                _settle(batch, failed is null ? null : failed.GetValueOrDefault(batch));
            }
        }
    }

    // Null when every batch is durable; otherwise what failed each batch that is not (a batch missing from the map is
    // durable). After a lost connection the flush alone says nothing of the batches: a crash may have lost their commits,
    // so the server is asked, once it answers, which of their transactions committed (a clean shutdown keeps them all).
    private Dictionary<CommittedBatch, Exception>? Flush(CommittedBatch[] batches)
    {
        var started = Stopwatch.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(50);
        var lost = false;
        while (true)
        {
            try
            {
                _connection ??= _dataSource.OpenConnection();
                using (var command = new NpgsqlCommand("SELECT txid_current()", _connection))
                {
                    command.ExecuteScalar();
                }
                Interlocked.Increment(ref _flushes);
                if (!lost)
                {
                    return null;
                }
                var gone = Ask(batches);
                _log.FlushBack(Stopwatch.GetElapsedTime(started), gone.Count, batches.Length);
                return gone;
            }
            catch (Exception error) when (Failures.IsConnectionLost(error))
            {
                Drop();
                if (!lost)
                {
                    _log.FlushLost(error, batches.Length);
                }
                lost = true;
                if (_stop.IsCancellationRequested || Stopwatch.GetElapsedTime(started) > _retryWindow)
                {
                    _log.FlushGaveUp(error, Stopwatch.GetElapsedTime(started), batches.Length);
                    var unreachable = _unreachable(error);
                    return batches.ToDictionary(b => b, _ => unreachable);
                }
                _stop.WaitHandle.WaitOne(delay);
                delay = delay * 2 > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay * 2;
            }
        }
    }

    // After a flush on a new connection: the batches whose transactions did not survive.
    private Dictionary<CommittedBatch, Exception> Ask(CommittedBatch[] batches)
    {
        var gone = new Dictionary<CommittedBatch, Exception>();
        foreach (var batch in batches)
        {
            if (batch.Xid is not { } xid)
            {
                continue;
            }
            using var command = new NpgsqlCommand("SELECT txid_status($1)", _connection);
            command.Parameters.Add(Arg.Long(xid));
            if (command.ExecuteScalar() as string != "committed")
            {
                gone[batch] = new InvalidOperationException(
                    $"the server lost transaction {xid} in a crash before it was durable: its writes were not applied; send them again");
            }
        }
        return gone;
    }

    private void Drop()
    {
        try
        {
            _connection?.Dispose();
        }
        catch (Exception error) when (error is NpgsqlException or IOException or InvalidOperationException)
        {
            // A broken connection may fail to close; it is gone either way.
        }
        _connection = null;
    }

    /// <summary>Flushes and answers what is queued, then stops. Call after the writer stopped.</summary>
    public void Dispose()
    {
        Debug.Assert(Thread.CurrentThread.Name != ThreadName, "the flusher is not stopped from its own thread");
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        _thread.Join();
        Drop();
    }
}
