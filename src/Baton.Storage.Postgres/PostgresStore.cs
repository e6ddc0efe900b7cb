using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>
/// The store on a PostgreSQL database, which several processes (hubs, CLIs in local mode) may share. Every state change is
/// one transaction that takes Baton's advisory lock first (<see cref="PostgresSchema.WriteLock"/>), reads what Core's
/// <c>TaskMachine</c> needs, and applies the changes it decides, with their events. Within a process, writes go through
/// one writer loop that runs whatever is queued in one transaction (group commit: one lock, one commit, one WAL flush for
/// many requests). Reads use pooled connections and take no lock. docs/architecture.md, "PostgreSQL store", says why.
/// </summary>
public sealed partial class PostgresStore : IBatonStore
{
    // How many queued writes may share one commit (as the SQLite store's writer).
    private const int MaxBatch = 256;

    private const string WriterThreadName = "baton-pg-writer";

    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxWorkers;
    private readonly Channel<PendingWrite> _writes = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly PostgresChangeFeed _changes;
    private readonly Task _writeLoop;
    private readonly List<StandingClaim> _offers = [];
    private readonly CancellationTokenSource _closed = new();
    private readonly WalFlusher? _flusher;
    private readonly StoreLog _log;
    private volatile bool _closing;

    private PostgresStore(NpgsqlDataSource dataSource, string location, string repositoryRoot, int maxWorkers, bool syncInBackground, ILogger? logger)
    {
        _dataSource = dataSource;
        _log = new StoreLog(location);
        _log.Attach(logger);
        Location = location;
        RepositoryRoot = repositoryRoot;
        _maxWorkers = maxWorkers;
        // The payload of this store object's notifications: its own are not news to it.
        Id = Guid.NewGuid().ToString("N")[..16];
        _changes = new PostgresChangeFeed(dataSource, Id, _log);
        if (syncInBackground)
        {
            _flusher = new WalFlusher(dataSource, Settle,
                error => new PostgresStoreException(location, $"the PostgreSQL store at {location} did not answer for {RetryWindow.TotalSeconds:0} s, "
                    + $"and whether the last commits are durable is unknown: {error.Message}", error),
                RetryWindow, _log, _closed.Token);
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

    /// <summary>Says from now on, to <paramref name="logger"/>, that a connection broke and came back or that writes
    /// failed (events 2800-2899): for a host whose logging is built after the store opened (the hub). Null: nowhere.</summary>
    public void UseLogger(ILogger? logger) => _log.Attach(logger);

    /// <summary>This store object's id, the payload of its notifications.</summary>
    internal string Id { get; }

    /// <summary>How many WAL flushes the flusher made (SyncInBackground), for the tests and the benchmark.</summary>
    internal long Flushes => _flusher?.Flushes ?? 0;

    /// <summary>The change feed, for the tests.</summary>
    internal PostgresChangeFeed Feed => _changes;

    /// <summary>How long a batch of writes waits for a server that does not answer (a restart) before it fails.</summary>
    internal TimeSpan RetryWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Opens the store on the database <see cref="PostgresStoreOptions.Location"/> names, making Baton's tables
    /// first when the database has none and <see cref="PostgresStoreOptions.CreateIfMissing"/> says so.</summary>
    /// <exception cref="PostgresStoreException">The database is missing, refuses the login, is unreachable, or holds no
    /// store and creating one was not asked for; the message names the location.</exception>
    /// <exception cref="PostgresStoreVersionException">The store was written by a newer Baton (nothing was changed).</exception>
    public static async Task<PostgresStore> OpenAsync(PostgresStoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxWorkers, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var location = options.Location.Display;
        var dataSource = BuildDataSource(options.Location.ConnectionString);
        try
        {
            string root;
            try
            {
                using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await PostgresSchema.PrepareAsync(connection, location, options.CreateIfMissing, cancellationToken).ConfigureAwait(false);
                root = await ReadOrWriteRootAsync(connection, options.RepositoryRoot, location, cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException error)
            {
                throw Failures.Opening(location, error);
            }
            return new PostgresStore(dataSource, location, root, options.MaxWorkers, options.SyncInBackground, options.Logger);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // The planner settings of every connection the store opens (BuildDataSource says why sequential scans and JIT are
    // off). Bitmap scans are off because only a plain index scan marks the index entries of dead row versions it meets,
    // which is what keeps ix_tasks_held a page or two under a stream of claims (PostgresSchema.Create); a bitmap scan,
    // which the planner chose for the holding read's OR, visits every dead version's row again on every read. No
    // statement of the store needs one (a plain index scan takes a list, = ANY($n)).
    internal const string PlannerOptions = "-c enable_seqscan=off -c enable_bitmapscan=off -c jit=off";

    // One data source per store (its pool serves the writer, the reads and the listener). Statements are prepared on
    // each connection once they have run twice (Npgsql's auto-prepare): the store's SQL is a fixed set of texts, and a
    // prepared statement skips the parse and plan of every later run. The slim builder keeps the store trimmable for the
    // CLI's Native AOT build; arrays are the one extra it needs (dependency lists, state lists).
    private static NpgsqlDataSource BuildDataSource(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 256;
            settings.AutoPrepareMinUsages = 2;
        }
        // Every statement the store runs often has an index to use. Its prepared plans are made once per connection, and
        // a plan made while a table was new (statistics of no rows: a new store, or one whose last ANALYZE was before its
        // busy hour) scans the table, which grows to thousands of rows before autovacuum looks again: the attempt update
        // and the idempotency-key lookup took 150 µs each that way, a third of the writer's time. Scans stay possible where
        // no index serves (the stats' aggregates), at the planner's highest cost. That cost (above 10^10) is far over
        // jit_above_cost, so with JIT on the server compiled such a statement on every run: the dispatcher's worker list
        // took 33 ms of JIT for 0.05 ms of work (docs/performance.md, "Several hubs on PostgreSQL"). The store's statements
        // are short OLTP ones that JIT never pays for, so it is off on the store's connections.
        settings.Options = string.IsNullOrEmpty(settings.Options) ? PlannerOptions : settings.Options + " " + PlannerOptions;
        if (string.IsNullOrEmpty(settings.ApplicationName))
        {
            settings.ApplicationName = "baton";
        }
        var builder = new NpgsqlSlimDataSourceBuilder(settings.ConnectionString);
        builder.EnableArrays();
        return builder.Build();
    }

    private static async Task<string> ReadOrWriteRootAsync(NpgsqlConnection connection, string? given, string location, CancellationToken cancellationToken)
    {
        string? stored;
        using (var read = new NpgsqlCommand("SELECT value FROM meta WHERE key = 'repository_root'", connection))
        {
            stored = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }
        if (given is null)
        {
            return stored ?? throw new PostgresStoreException(location,
                $"the store at {location} records no repository root: open it once with one (baton init --store {location} in the repository)");
        }
        // The root given is this process's own checkout (hubs on several machines each have theirs). It is recorded only
        // when the store has none, as the default for openers that name none: a hub on another machine does not change
        // what the others use.
        var root = Path.GetFullPath(given);
        if (stored is null)
        {
            using var write = new NpgsqlCommand(
                "INSERT INTO meta(key, value) VALUES ('repository_root', $1) ON CONFLICT(key) DO NOTHING", connection);
            write.Parameters.Add(Arg.Text(root));
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return root;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Debug.Assert(Thread.CurrentThread.Name != WriterThreadName, "the store is not closed from its own writer thread");
        if (_closing)
        {
            return;
        }
        _closing = true;
        // A batch waiting for the server to come back gives up now rather than after its retry window.
        await _closed.CancelAsync().ConfigureAwait(false);
        _writes.Writer.TryComplete();
        await _writeLoop.ConfigureAwait(false);
        // Every batch the writer committed is flushed and answered before the connections close.
        _flusher?.Dispose();
        lock (_offers)
        {
            // No transaction will try them now: their owners learn so through Settled.
            foreach (var offer in _offers)
            {
                offer.Withdraw();
            }
            _offers.Clear();
        }
        await _changes.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _closed.Dispose();
    }

    // Queues a write for the writer loop; completes after its transaction committed. The work may change nothing but the
    // store (it can run more than once: see CommitBatch). The caller continues on the thread pool, never on the writer.
    internal Task<T> WriteAsync<T>(Func<StoreScope, T> write, CancellationToken cancellationToken) => WriteAsync(write, null, cancellationToken);

    // hint: what the write will read, which the writer then reads for the whole batch in one round trip (WriteCache).
    private async Task<T> WriteAsync<T>(Func<StoreScope, T> write, WriteHint? hint, CancellationToken cancellationToken)
    {
        // The caller's actor goes with the write to the writer thread, onto the events it appends.
        if (AuditActor.Current is { } actor)
        {
            var work = write;
            write = scope =>
            {
                scope.Actor = actor;
                return work(scope);
            };
        }
        var pending = new PendingWrite<T>(write, cancellationToken) { Hint = hint };
        await _writes.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        var result = await pending.Task.ConfigureAwait(false);
        Debug.Assert(Thread.CurrentThread.Name != WriterThreadName, "a write's caller never continues on the writer thread");
        return result;
    }

    // A read on a pooled connection, outside the write lock; with snapshot, its statements share one REPEATABLE READ
    // snapshot (a status reads several tables and must see one state of them). A read whose connection broke (the server
    // restarted: every idle connection of the pool is dead then) runs once more on a new one.
    private async Task<T> ReadAsync<T>(Func<StoreScope, T> read, bool snapshot, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                var session = new Session(connection, _maxWorkers);
                if (snapshot)
                {
                    session.BeginSnapshot();
                }
                var result = read(new StoreScope(session));
                if (snapshot)
                {
                    session.EndSnapshot();
                }
                return result;
            }
            catch (Exception error) when (Failures.IsConnectionLost(error) && !cancellationToken.IsCancellationRequested)
            {
                _dataSource.Clear();
                if (attempt > 0)
                {
                    throw new PostgresStoreException(Location, $"the PostgreSQL store at {Location} did not answer a read: {error.Message}", error);
                }
            }
        }
    }

    private Task<T> ReadAsync<T>(Func<StoreScope, T> read, CancellationToken cancellationToken) => ReadAsync(read, snapshot: false, cancellationToken);

    private Task<T> SnapshotAsync<T>(Func<StoreScope, T> read, CancellationToken cancellationToken) => ReadAsync(read, snapshot: true, cancellationToken);

    internal static long Ms(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    internal static long? Ms(DateTimeOffset? instant) => instant is { } at ? at.ToUnixTimeMilliseconds() : null;

    internal static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
