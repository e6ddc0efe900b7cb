using System.Diagnostics;
using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>
/// One connection and the statements queued on it. A statement that returns nothing (an insert, an update, a savepoint)
/// is queued, not sent: it goes to the server with the next statement whose rows are read, or with the commit, in one
/// batch (one round trip, one Sync; PostgreSQL runs them in order, so a read sees the writes queued before it). That is
/// what keeps a transition to about one round trip per read it makes (docs/architecture.md, "PostgreSQL store"). An
/// error in a queued statement therefore surfaces at the next read or at the commit. Not thread-safe: its owner
/// serializes use (the writer thread, or one read).
/// </summary>
internal sealed class Session
{
    // Queued statements are sent together once this many wait: a big import does not build one huge batch (whose
    // answers, piling up on the server's side while Npgsql still writes, could stall both).
    private const int MaxQueued = 128;

    private readonly List<(NpgsqlBatchCommand Command, bool ReturnsRows)> _queued = [];

    // Queued statements that return a result set (the advisory lock, pg_notify): skipped before a query's own rows.
    private int _queuedResults;

    // Where this write's SAVEPOINT is in the queue; -1 once it was sent (or when none is open).
    private int _savepointAt = -1;

    // Whether anything was sent since BEGIN was queued (a rollback before that has nothing to undo on the server).
    private bool _sentInTransaction;

    // Whether a statement was queued since BEGIN (besides BEGIN's own): a commit then has something to send.
    private bool _queuedInTransaction;

    public Session(NpgsqlConnection connection, int maxWorkers, WriterCounters? counters = null)
    {
        Connection = connection;
        MaxWorkers = maxWorkers;
        _counters = counters;
    }

    // The writer's counters; null on a read's session.
    private readonly WriterCounters? _counters;

    public NpgsqlConnection Connection { get; }

    /// <summary>The bound on remembered workers, for the writes on this session.</summary>
    public int MaxWorkers { get; }

    /// <summary>The rows this transaction's writes read, prefetched and kept exact (null: none; always null outside a
    /// transaction run side by side).</summary>
    public WriteCache? Cache { get; set; }

    /// <summary>True between <see cref="Begin"/> and the end of the transaction.</summary>
    public bool InTransaction { get; private set; }

    /// <summary>The commit's round trip began (a failure from here on may leave the outcome unknown).</summary>
    public bool CommitSent { get; private set; }

    /// <summary>The transaction's id came back in the commit's round trip (null: it wrote nothing), so its outcome can
    /// be asked for after a lost connection (<c>txid_status</c>).</summary>
    public bool XidReceived { get; private set; }

    /// <summary>The transaction id read in the commit's round trip; null when it had none (it wrote nothing).</summary>
    public long? Xid { get; private set; }

    /// <summary>Queues a statement that returns no rows (or whose rows nobody reads: <paramref name="returnsRows"/>).</summary>
    public void Queue(string sql, NpgsqlParameter[] args, bool returnsRows = false)
    {
        _queuedInTransaction |= InTransaction;
        _queued.Add((Command(sql, args), returnsRows));
        if (returnsRows)
        {
            _queuedResults++;
        }
        if (_queued.Count >= MaxQueued)
        {
            Flush();
        }
    }

    /// <summary>Sends what is queued, if anything.</summary>
    public void Flush()
    {
        if (_queued.Count == 0)
        {
            return;
        }
        using var batch = TakeBatch([]);
        _counters?.RoundTrip();
        batch.ExecuteNonQuery();
    }

    /// <summary>Sends what is queued and the query; the reader stands on the query's rows. Dispose it before the next statement.</summary>
    public NpgsqlDataReader Query(string sql, NpgsqlParameter[] args) => Query([(sql, args)]);

    /// <summary>Sends what is queued and the queries, in one round trip; the reader stands on the first query's rows
    /// (<c>NextResult</c> moves to the next query's).</summary>
    public NpgsqlDataReader Query(ReadOnlySpan<(string Sql, NpgsqlParameter[] Args)> queries)
    {
        var skip = _queuedResults;
        var batch = TakeBatch(queries);
        _counters?.RoundTrip();
        var reader = batch.ExecuteReader();
        for (var i = 0; i < skip; i++)
        {
            reader.NextResult();
        }
        return reader;
    }

    /// <summary>Queues BEGIN and Baton's write lock (<paramref name="lockKey"/>): both go with the transaction's first read.
    /// <paramref name="synchronous"/>: false when the commit is not to wait for the WAL flush.</summary>
    public void Begin(long lockKey, bool synchronous = true)
    {
        Debug.Assert(!InTransaction, "one transaction at a time");
        Debug.Assert(_queued.Count == 0, "nothing is queued outside a transaction");
        (CommitSent, XidReceived, Xid, _sentInTransaction, _queuedInTransaction) = (false, false, null, false, false);
        Queue("BEGIN", []);
        Queue("SELECT pg_advisory_xact_lock($1)", [Arg.Long(lockKey)], returnsRows: true);
        if (!synchronous)
        {
            // The commit does not wait for the WAL flush (WalFlusher makes it durable before anyone hears of it).
            Queue("SET LOCAL synchronous_commit = off", []);
        }
        InTransaction = true;
    }

    /// <summary>Begins a read-only snapshot: every statement until <see cref="Commit"/> sees the same committed state.</summary>
    public void BeginSnapshot()
    {
        Debug.Assert(!InTransaction, "one transaction at a time");
        (CommitSent, XidReceived, Xid, _sentInTransaction, _queuedInTransaction) = (false, false, null, false, false);
        Queue("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", []);
        InTransaction = true;
    }

    /// <summary>Ends a snapshot begun with <see cref="BeginSnapshot"/>.</summary>
    public void EndSnapshot()
    {
        if (_sentInTransaction)
        {
            Queue("COMMIT", []);
            Flush();
        }
        _queued.Clear();
        _queuedResults = 0;
        InTransaction = false;
    }

    /// <summary>Commits, with whatever is queued, in one round trip. The transaction's id is read in that round trip
    /// before the commit (<see cref="Xid"/>), so a caller whose connection broke during it can ask the server later
    /// whether it committed.</summary>
    public void Commit()
    {
        Debug.Assert(InTransaction, "a commit ends a transaction");
        if (!_sentInTransaction && !_queuedInTransaction)
        {
            // Nothing reached the server: BEGIN and the lock are still queued, and nothing else was asked.
            _queued.Clear();
            _queuedResults = 0;
            InTransaction = false;
            Cache = null;
            return;
        }
        CommitSent = true;
        var started = Stopwatch.GetTimestamp();
        using (var reader = Query([("SELECT txid_current_if_assigned()", []), ("COMMIT", [])]))
        {
            reader.Read();
            Xid = reader.IsDBNull(0) ? null : reader.GetInt64(0);
            XidReceived = true;
            while (reader.NextResult())
            {
            }
        }
        _counters?.Commit(Stopwatch.GetTimestamp() - started);
        InTransaction = false;
        Cache = null;
    }

    /// <summary>Ends the transaction without keeping it; what is queued is dropped.</summary>
    public void Rollback()
    {
        Cache = null;
        _savepointAt = -1;
        _queued.Clear();
        _queuedResults = 0;
        if (InTransaction && _sentInTransaction)
        {
            InTransaction = false;
            using var command = new NpgsqlCommand("ROLLBACK", Connection);
            command.ExecuteNonQuery();
        }
        InTransaction = false;
    }

    /// <summary>Queues <c>SAVEPOINT work</c>: what follows, up to <see cref="ReleaseSavepoint"/> or
    /// <see cref="RollbackToSavepoint"/>, is one write's (or one standing claim's), undone alone if it fails.</summary>
    public void Savepoint()
    {
        Debug.Assert(Cache is null, "a write in a savepoint of its own runs without a cache");
        Queue("SAVEPOINT work", []);
        _savepointAt = _queued.Count - 1;
    }

    /// <summary>Sends what the write queued (an error in it is the write's alone, inside its savepoint), then queues
    /// <c>RELEASE SAVEPOINT work</c>.</summary>
    public void ReleaseSavepoint()
    {
        Flush();
        Queue("RELEASE SAVEPOINT work", []);
    }

    /// <summary>Undoes the work since <see cref="Savepoint"/>, at once (the transaction may be in an aborted state). What
    /// was queued before the savepoint (earlier writes' releases, BEGIN) stays queued: when the savepoint itself was never
    /// sent, only what follows it in the queue is dropped, and nothing is asked of the server.</summary>
    public void RollbackToSavepoint()
    {
        if (_savepointAt >= 0)
        {
            _queued.RemoveRange(_savepointAt, _queued.Count - _savepointAt);
            _queuedResults = _queued.Count(q => q.ReturnsRows);
            _savepointAt = -1;
            return;
        }
        // The savepoint was sent, so everything queued since is this write's.
        _queued.Clear();
        _queuedResults = 0;
        using var batch = new NpgsqlBatch(Connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("ROLLBACK TO SAVEPOINT work"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("RELEASE SAVEPOINT work"));
        batch.ExecuteNonQuery();
    }

    // The queued statements and the queries as one batch; the queue is emptied first, so a failure leaves nothing queued
    // that was part of it.
    private NpgsqlBatch TakeBatch(ReadOnlySpan<(string Sql, NpgsqlParameter[] Args)> queries)
    {
        var batch = new NpgsqlBatch(Connection);
        foreach (var (command, _) in _queued)
        {
            batch.BatchCommands.Add(command);
        }
        foreach (var (sql, args) in queries)
        {
            batch.BatchCommands.Add(Command(sql, args));
        }
        _queued.Clear();
        _queuedResults = 0;
        _savepointAt = -1;
        if (InTransaction)
        {
            _sentInTransaction = true;
        }
        return batch;
    }

    private static NpgsqlBatchCommand Command(string sql, NpgsqlParameter[] args)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var arg in args)
        {
            command.Parameters.Add(arg);
        }
        return command;
    }
}
