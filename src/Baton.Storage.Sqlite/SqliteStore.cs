using System.Diagnostics;
using System.Threading.Channels;
using Baton.Core.Tasks;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a commit is on disk
/// before it is acknowledged. Many processes may open the same file; every state change is one
/// IMMEDIATE transaction (SQLite's single writer serializes them) that also appends its events.
/// Within a process, writes go through one writer loop that commits whatever is queued together
/// (group commit: one fsync acknowledges many transitions, each in its own savepoint), and reads use
/// a second connection, since WAL readers never wait for the writer.
/// </summary>
public sealed partial class SqliteStore : IBatonStore
{
    // How many queued writes may share one commit. Larger batches amortize the fsync further but
    // make the first write in a batch wait for the last; 256 keeps a batch well under a millisecond of work.
    private const int MaxBatch = 256;

    private readonly StoreConnection _writer;
    private readonly StoreConnection _reader;
    private readonly SemaphoreSlim _readGate = new(1, 1);
    private readonly Channel<PendingWrite> _writes = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SqliteChangeFeed _changes;
    private readonly Task _writeLoop;
    private readonly WalCheckpointer? _checkpointer;
    private readonly WalSyncer? _syncer;
    private readonly List<StandingClaim> _offers = [];

    // Held by whoever runs a batch on the writer connection: the writer thread, or a caller that found
    // everything idle and runs its write alone (TryWriteAlone). Owns _tried and the transaction.
    private readonly SemaphoreSlim _writerRole = new(1, 1);
    private volatile bool _closing;

    // Writes of this process between WriteAsync and their answer: a write that finds none other may run alone,
    // when writes have been coming further apart than a write takes to be answered (ArrivalGauge).
    private int _writesInFlight;

    /// <summary>How far apart writes come (internal for the tests of lone writes).</summary>
    internal ArrivalGauge Arrivals { get; } = new();

    // The writer connection's PRAGMA data_version, which moves only when another connection commits:
    // owned by the writer thread (read once at open, before it starts). A probe is queued at most once.
    private long _dataVersion;
    private int _probeQueued;
    private long _externalChecks;

    /// <summary>How many times the writer has looked whether another connection committed (for the tests).</summary>
    internal long ExternalChecks => Interlocked.Read(ref _externalChecks);

    /// <summary>Whether the file is watched for other processes' commits now (for the tests).</summary>
    internal bool FileWatched => _changes.WatcherRunning;
    private readonly Timer? _externalPoll;

    // Owned by the writer thread: the standing claims tried in the batch being committed.
    private readonly List<(StandingClaim Offer, Assignment? Leased)> _tried = [];

    private SqliteStore(StoreConnection writer, StoreConnection reader, string location, string repositoryRoot, SqliteChangeFeed changes, WalCheckpointer? checkpointer, TimeSpan? externalCommitPoll, bool syncInBackground)
    {
        _writer = writer;
        _reader = reader;
        Location = location;
        RepositoryRoot = repositoryRoot;
        _changes = changes;
        _changes.OnFileChange = RequestExternalCheck;
        if (changes.Watching || externalCommitPoll is not null)
        {
            // Only a store that will look for other connections' commits needs the starting point.
            _dataVersion = DataVersion();
        }
        _checkpointer = checkpointer;
        if (syncInBackground)
        {
            _syncer = new WalSyncer(location + "-wal", Settle);
        }
        if (externalCommitPoll is { } every)
        {
            _externalPoll = new Timer(_ => RequestExternalCheck(), null, every, every);
        }
        var loop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _writeLoop = loop.Task;
        new Thread(() => WriteLoop(loop)) { IsBackground = true, Name = WriterThreadName }.Start();
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public string RepositoryRoot { get; }

    /// <inheritdoc/>
    public IStoreChangeFeed Changes => _changes;

    /// <summary>Opens (and with <see cref="SqliteStoreOptions.CreateIfMissing"/>, creates) a store.</summary>
    /// <exception cref="FileNotFoundException">The file is missing and creation was not asked for.</exception>
    /// <exception cref="StoreVersionException">The store was written by a newer Baton (nothing was changed).</exception>
    public static async Task<SqliteStore> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        _ = SqliteConfigured.Value;
        var path = Path.GetFullPath(options.DatabasePath);
        if (!File.Exists(path))
        {
            if (!options.CreateIfMissing)
            {
                throw new FileNotFoundException($"no Baton store at {path}", path);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxWorkers, 1);
        var writer = StoreConnection.Open(path, options.CreateIfMissing);
        writer.MaxWorkers = options.MaxWorkers;
        StoreConnection? reader = null;
        try
        {
            // FULL: in WAL mode NORMAL may lose the last commits on power loss; we acknowledge only
            // what is on disk (invariant 2). With SyncInBackground the writer commits under NORMAL and
            // WalSyncer flushes the WAL before anything is acknowledged, which keeps the same promise.
            // Concurrent writers (other processes) queue on SQLite's lock. A local connection waits with
            // SQLite's own backoff (busy_timeout); the hub's writer, with a batch of many clients' requests
            // behind it, retries every millisecond (BusyWait), so local writers cannot keep it out.
            writer.Exec("PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY;");
            if (options.SyncInBackground)
            {
                BusyWait.Install(writer.Handle);
            }
            writer.Exec(options.SyncInBackground ? "PRAGMA synchronous=NORMAL;" : "PRAGMA synchronous=FULL;");
            SqliteSchema.Prepare(writer, path);
            var root = ReadOrWriteRoot(writer, options, path);
            reader = StoreConnection.Open(path, create: false);
            reader.Exec("PRAGMA busy_timeout=30000;");
            WalCheckpointer? checkpointer = null;
            if (options.CheckpointInBackground)
            {
                writer.Exec("PRAGMA wal_autocheckpoint=0;");
                checkpointer = new WalCheckpointer(StoreConnection.Open(path, create: false));
            }
            var feed = new SqliteChangeFeed(path, options.WatchForChanges);
            return new SqliteStore(writer, reader, path, root, feed, checkpointer, options.ExternalCommitPoll, options.SyncInBackground);
        }
        catch
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            if (reader is not null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
    }

    // Set once, before SQLite's first use in the process (both settings are process-wide and SQLite takes
    // them only before it initializes; refused later, it keeps its defaults, which are safe, only slower):
    // - multi-thread mode: each of the store's connections is used by one thread at a time (the writer
    //   thread, the reader behind its gate, the checkpointer's loop), so the connection mutex that SQLite's
    //   default serialized mode takes in every call, each column read included, guards nothing;
    // - no memory statistics: keeping them takes a global mutex on every allocation.
    internal static readonly Lazy<bool> SqliteConfigured = new(static () =>
    {
        SQLitePCL.Batteries_V2.Init();
        var threads = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
        var stats = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
        return threads == SQLitePCL.raw.SQLITE_OK && stats == SQLitePCL.raw.SQLITE_OK;
    });

    private static string ReadOrWriteRoot(StoreConnection connection, SqliteStoreOptions options, string path)
    {
        var scope = new StoreScope(connection);
        if (scope.Scalar("SELECT value FROM meta WHERE key = 'repository_root'") is string stored && options.RepositoryRoot is null)
        {
            return stored;
        }
        var root = Path.GetFullPath(options.RepositoryRoot ?? DeriveRoot(path));
        scope.Exec("BEGIN IMMEDIATE");
        try
        {
            scope.Exec(
                "INSERT INTO meta(key, value) VALUES ('repository_root', $root) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                ("$root", root));
            scope.Exec("COMMIT");
        }
        catch
        {
            connection.RollBackIfOpen();
            throw;
        }
        return root;
    }

    // .baton/baton.db lives in the repository root's .baton folder; elsewhere the file's folder is the root.
    private static string DeriveRoot(string path)
    {
        var dir = Path.GetDirectoryName(path)!;
        return string.Equals(Path.GetFileName(dir), ".baton", StringComparison.Ordinal)
            ? Path.GetDirectoryName(dir)!
            : dir;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // No caller's code runs on the store's threads (its answers continue on the pool), and closing waits for them.
        Debug.Assert(_syncer?.IsOwnThread != true && Thread.CurrentThread.Name != WriterThreadName, "the store is not closed from one of its own threads");
        if (_externalPoll is not null)
        {
            await _externalPoll.DisposeAsync().ConfigureAwait(false);
        }
        _closing = true;
        _writes.Writer.TryComplete();
        await _writeLoop.ConfigureAwait(false);
        // A caller running its write alone finishes its commit (later ones see _closing); the sync thread's
        // Dispose then waits out that caller's flush.
        await _writerRole.WaitAsync().ConfigureAwait(false);
        _writerRole.Release();
        // Every committed batch is flushed and settled before the connections close.
        _syncer?.Dispose();
        lock (_offers)
        {
            // No transaction will try them now: their owners learn so through Settled.
            foreach (var offer in _offers)
            {
                offer.Withdraw();
            }
            _offers.Clear();
        }
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
        }
        await _readGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            await _reader.DisposeAsync().ConfigureAwait(false);
            _changes.Dispose();
        }
        finally
        {
            _readGate.Release();
        }
    }

    private async Task<T> ReadAsync<T>(Func<T> read, CancellationToken cancellationToken)
    {
        await _readGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            AssertReadGate();
            return read();
        }
        finally
        {
            _readGate.Release();
        }
    }

    // A read transaction on the reader connection: one consistent snapshot.
    private async Task<T> SnapshotAsync<T>(Func<StoreScope, T> read, CancellationToken cancellationToken)
    {
        await _readGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            AssertReadGate();
            _reader.Exec("BEGIN");
            try
            {
                return read(new StoreScope(_reader));
            }
            finally
            {
                _reader.Exec("COMMIT");
            }
        }
        finally
        {
            _readGate.Release();
        }
    }

    // Queues a write for the writer loop, or runs it on the caller's thread when it is alone (TryWriteAlone);
    // completes after its transaction is durable. The work may change nothing but the store (see CommitBatch:
    // it can run twice). The caller continues on the thread pool (or, for a lone write, on its own thread), never on
    // the writer or the sync thread. Internal for the batch tests.
    internal async Task<T> WriteAsync<T>(Func<StoreScope, T> write, CancellationToken cancellationToken)
    {
        // The caller's actor goes with the write to whichever thread runs it, onto the events it appends.
        if (AuditActor.Current is { } actor)
        {
            var work = write;
            write = scope =>
            {
                scope.Actor = actor;
                return work(scope);
            };
        }
        var pending = new PendingWrite<T>(write, cancellationToken);
        var arrived = Stopwatch.GetTimestamp();
        Arrivals.Arrived(arrived);
        var alone = Interlocked.Increment(ref _writesInFlight) == 1 && Arrivals.Quiet;
        try
        {
            if (!alone || !TryWriteAlone(pending))
            {
                await _writes.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
            }
            var result = await pending.Task.ConfigureAwait(false);
            Debug.Assert(_syncer?.IsOwnThread != true && Thread.CurrentThread.Name != WriterThreadName, "a write's caller never continues on a store thread");
            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _writesInFlight);
            Arrivals.Answered(Stopwatch.GetTimestamp() - arrived);
        }
    }

    // A write with no other in flight, when the writer and the sync thread are both idle, runs on the
    // caller's thread: it commits, flushes and settles there. Through the queue the same work would wake the
    // writer thread and then the sync thread, one after the other (about 90 and 60 µs p50 here, a handoff's
    // import: docs/performance.md). Writes that arrive meanwhile queue as before and share the next commit and
    // flush; the sync thread takes them once this caller is done, so batches still settle in commit order.
    // Only with the sync thread: without it the commit waits for the disk itself, and answers go to the pool.
    private bool TryWriteAlone(PendingWrite pending)
    {
        if (_syncer is null || !_writerRole.Wait(0))
        {
            return false;
        }
        var flushing = false;
        CommittedBatch? committed;
        try
        {
            if (_closing || _writes.Reader.Count > 0 || !_syncer.TryBeginInline())
            {
                return false;
            }
            flushing = true;
            committed = Commit([pending]);
            if (committed is not null)
            {
                RestartWalIfDue(committed);
            }
        }
        catch
        {
            if (flushing)
            {
                _syncer.EndInline();
            }
            throw;
        }
        finally
        {
            _writerRole.Release();
        }
        try
        {
            if (committed is not null)
            {
                Settle(committed, committed.Changed ? _syncer.FlushInline() : _syncer.Failure);
            }
        }
        finally
        {
            _syncer.EndInline();
        }
        return true;
    }

    // The writer runs on its own thread: it is the store's one serial resource, so it should not wait in
    // the thread pool's queue behind the work it unblocks, and where the OS lets it (Linux, with the right
    // to raise priority) it runs a little ahead of the process's other threads.
    private void WriteLoop(TaskCompletionSource done)
    {
        WriterThread.TryRaisePriority();
        try
        {
            WriteLoopCore();
            done.TrySetResult();
        }
        catch (Exception error)
        {
            done.TrySetException(error);
        }
    }

    private void WriteLoopCore()
    {
        Debug.Assert(Thread.CurrentThread.Name == WriterThreadName, "the write loop runs on the writer thread");
        var batch = new List<PendingWrite>(MaxBatch);
        while (_writes.Reader.TryPeek(out _) || _writes.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            // The role first, then the queue: what arrives while a caller runs its write alone joins this batch.
            _writerRole.Wait();
            try
            {
                batch.Clear();
                var probe = false;
                while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var next))
                {
                    if (next is ExternalCommitProbe)
                    {
                        probe = true;
                        continue;
                    }
                    batch.Add(next);
                }
                if (batch.Count > 0)
                {
                    CommitBatch(batch);
                }
                if (probe)
                {
                    ProbeExternalCommits();
                }
            }
            finally
            {
                _writerRole.Release();
            }
        }
    }

    // BEGIN IMMEDIATE takes SQLite's write lock up front, so a read-then-write (choose a task, then
    // lease it) never interleaves with another process's claim. All writes of the batch are acknowledged
    // after the one commit is durable, or all fail if it fails.
    //
    // The writes first run side by side in the transaction, without a savepoint each: a savepoint costs
    // two statements and a copy of every page a write touches (a quarter of the writer's time on the hot
    // path). Should one of them throw or ask to be undone, the transaction is rolled back whole and the
    // batch runs again with a savepoint per write, so that one fails or is undone alone. That is why a
    // write's work may change nothing but the store: it can run twice, and only the second run counts.
    private void CommitBatch(List<PendingWrite> batch)
    {
        if (Commit(batch) is not { } committed)
        {
            return;
        }
        if (_syncer is null)
        {
            // synchronous=FULL: the commit itself waited for the disk.
            Settle(committed, null);
        }
        else
        {
            _syncer.Enqueue(committed);
        }
        RestartWalIfDue(committed);
    }

    // After a commit that changed something, when the checkpointer asks for it: copying the last frames
    // here lets the next write start the WAL over.
    private void RestartWalIfDue(CommittedBatch committed)
    {
        if (committed.Changed && _checkpointer?.TakeRestart() == true)
        {
            RestartWal();
        }
    }

    // Runs the batch in one transaction and commits it; null when it failed (its writes are failed already).
    private CommittedBatch? Commit(List<PendingWrite> batch)
    {
        AssertWriterRole();
        if (_syncer?.Failure is { } broken)
        {
            foreach (var pending in batch)
            {
                pending.Fail(broken);
            }
            return null;
        }
        var changed = false;
        _tried.Clear();
        try
        {
            _writer.Exec("BEGIN IMMEDIATE");
            var isolated = !RunWrites(batch, isolated: false, out changed);
            if (isolated)
            {
                RunIsolated(batch, out changed);
            }
            // What this batch made ready goes to a standing claim in the same commit.
            if (changed && !TryOffers(_tried, isolated))
            {
                // A standing claim threw with no savepoint of its own: undo it with the batch, and run both again
                // isolated. The offers begun are open again (or ended, if withdrawn meanwhile).
                EndTriedOffers();
                RunIsolated(batch, out changed);
                if (changed)
                {
                    TryOffers(_tried, isolated: true);
                }
            }
            _writer.Exec("COMMIT");
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            _writer.RollBackIfOpen();
            EndTriedOffers();
            foreach (var pending in batch)
            {
                pending.Fail(error);
            }
            return null;
        }
        return new CommittedBatch([.. batch], [.. _tried], changed);
    }

    // The standing claims tried in a transaction that is being undone: each is open again (or ended, if withdrawn
    // meanwhile), with nothing leased.
    private void EndTriedOffers()
    {
        foreach (var (offer, _) in _tried)
        {
            offer.End(null);
        }
        _tried.Clear();
    }

    // Rolls the transaction back and runs the batch again in a new one, each write in its own savepoint.
    private void RunIsolated(List<PendingWrite> batch, out bool changed)
    {
        // (A failed statement may have ended the transaction already.)
        _writer.RollBackIfOpen();
        _writer.Exec("BEGIN IMMEDIATE");
        RunWrites(batch, isolated: true, out changed);
    }

    // False when a write, run without its own savepoint, threw or asked to be undone: the transaction
    // must then be rolled back and the batch run again isolated.
    private bool RunWrites(List<PendingWrite> batch, bool isolated, out bool changed)
    {
        AssertWriterRole();
        changed = false;
        foreach (var pending in batch)
        {
            switch (pending.Run(_writer, isolated))
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

    // After the batch is durable (or its flush failed): the standing claims' waiters and the writes' callers
    // get their answers, in that order, and the change feed wakes whoever waits on the store.
    private void Settle(CommittedBatch batch, Exception? flushFailed)
    {
        // In commit order, by whoever made the batch durable: the sync thread, a lone write's caller in its turn,
        // or (without the sync thread) the writer, whose commit waited for the disk.
        Debug.Assert(_syncer is null ? _writerRole.CurrentCount == 0 : _syncer.HoldsTurn, "a batch is settled by whoever flushed it");
        foreach (var (offer, leased) in batch.Tried)
        {
            offer.End(flushFailed is null ? leased : null);
        }
        foreach (var pending in batch.Writes)
        {
            if (flushFailed is null)
            {
                pending.Complete();
            }
            else
            {
                pending.Fail(flushFailed);
            }
        }
        if (batch.Changed && flushFailed is null)
        {
            // A batch that changed nothing wrote nothing to the WAL: nothing to checkpoint.
            _checkpointer?.Committed();
            _changes.Notify();
        }
    }

    // The change feed saw the file change: let the writer look whether that was another connection's commit.
    private void RequestExternalCheck()
    {
        if (Interlocked.Exchange(ref _probeQueued, 1) == 0 && !_writes.Writer.TryWrite(ExternalCommitProbe.Instance))
        {
            // The queue is full or closing: wake the waiters rather than miss a commit.
            Volatile.Write(ref _probeQueued, 0);
            _changes.Notify();
        }
    }

    // On the writer thread, between batches. The look takes the write lock, as a claim would: a file
    // event comes with the first WAL write of another process's commit, before that commit is visible,
    // and the lock is what waits for it to finish (a plain read would see the old version and miss it).
    private void ProbeExternalCommits()
    {
        AssertWriterRole();
        Volatile.Write(ref _probeQueued, 0);
        Interlocked.Increment(ref _externalChecks);
        long version;
        try
        {
            _writer.Exec("BEGIN IMMEDIATE");
            try
            {
                version = DataVersion();
            }
            finally
            {
                _writer.Exec("COMMIT");
            }
        }
        catch (SqliteException)
        {
            _writer.RollBackIfOpen();
            _changes.Notify();
            return;
        }
        if (version != _dataVersion)
        {
            _dataVersion = version;
            _changes.Notify();
        }
    }

    private long DataVersion() => (long)new StoreScope(_writer).Scalar("PRAGMA data_version")!;

    private void RestartWal()
    {
        AssertWriterRole();
        try
        {
            _writer.Exec("PRAGMA wal_checkpoint(PASSIVE);");
        }
        catch (SqliteException)
        {
            // Busy with another checkpoint: the background checkpointer asks again later.
        }
    }

    private const string WriterThreadName = "baton-writer";

    // Debug builds check the roles the comments promise: the writer connection is used only by the holder of the
    // writer's role (the writer thread, or a lone write's caller), and the reader connection only inside the read gate.
    [Conditional("DEBUG")]
    private void AssertWriterRole() => Debug.Assert(_writerRole.CurrentCount == 0, "the writer connection is used only by the holder of the writer's role");

    [Conditional("DEBUG")]
    private void AssertReadGate() => Debug.Assert(_readGate.CurrentCount == 0, "the reader connection is used only inside the read gate");

    internal static long Ms(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    internal static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
