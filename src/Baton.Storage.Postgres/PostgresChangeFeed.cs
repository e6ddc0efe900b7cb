using System.Diagnostics;
using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>
/// The change feed of a PostgreSQL store. Commits of the store object itself notify directly (after they commit).
/// Commits by other processes on the database (another hub, a CLI) arrive through LISTEN/NOTIFY: every write transaction
/// that changed something runs <c>pg_notify(channel, its store's id)</c>, which PostgreSQL delivers at commit, and a
/// connection of this feed's own listens and notifies waiters for every payload that is not this store's own id.
/// Nothing polls.
/// </summary>
/// <remarks>
/// The listening connection is opened by the first waiter (the first read of <see cref="IStoreChangeFeed.Next"/>), not at
/// open: a one-shot CLI call never waits, and should not pay for a second connection. Once listening, the feed notifies
/// once: a commit between the waiter's look at the store and the LISTEN would otherwise be missed. When the connection
/// drops (the server restarted) it is opened again with backoff, and notifies once more when it listens again, since
/// notifications sent meanwhile are lost. After 30 s without a notification it runs one statement on the connection, so
/// a connection the network dropped without a word is found dead and opened again too.
/// </remarks>
internal sealed class PostgresChangeFeed : StoreChangeFeed, IAsyncDisposable
{
    /// <summary>The channel every Baton store on a database notifies and listens on.</summary>
    public const string Channel = "baton_changes";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);

    // A connection that died without a word (a network that dropped it, with no reset) would be waited on forever: after
    // this long with no notification, one statement on it shows whether it still answers.
    private static readonly TimeSpan QuietProbe = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _ownId;
    private readonly StoreLog _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listeningOnce = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _listener;
    private int _started;
    private long _connects;

    public PostgresChangeFeed(NpgsqlDataSource dataSource, string ownId, StoreLog log)
    {
        _log = log;
        _dataSource = dataSource;
        _ownId = ownId;
    }

    /// <summary>Completes once the feed listens for the first time (for the tests).</summary>
    internal Task Listening => _listeningOnce.Task;

    /// <summary>How many times the listening connection was opened (for the tests: a reconnect counts).</summary>
    internal long Connects => Interlocked.Read(ref _connects);

    /// <summary>Whether the feed listens now, or is getting there (from the first waiter on).</summary>
    internal bool Started => Volatile.Read(ref _started) == 1;

    protected override void OnWatched() => Start();

    /// <summary>Starts listening (once; later calls do nothing).</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _listener = Task.Run(() => ListenAsync(_stop.Token));
        }
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        var delay = FirstRetry;
        long? lostAt = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var connection = await _dataSource.OpenConnectionAsync(stop).ConfigureAwait(false);
                connection.Notification += OnNotification;
                using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                }
                Interlocked.Increment(ref _connects);
                delay = FirstRetry;
                if (lostAt is { } since)
                {
                    _log.FeedBack(Stopwatch.GetElapsedTime(since));
                    lostAt = null;
                }
                // Whatever committed before the LISTEN took effect (since the first waiter looked, or while the
                // connection was down) sent no notification this connection saw: wake the waiters to look once.
                Notify();
                _listeningOnce.TrySetResult();
                while (true)
                {
                    if (!await connection.WaitAsync(QuietProbe, stop).ConfigureAwait(false))
                    {
                        using var probe = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = 10 };
                        await probe.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NpgsqlException or InvalidOperationException or IOException)
            {
                // The server went away (a restart) or refused us for now: try again, a little later each time.
                if (lostAt is null)
                {
                    lostAt = Stopwatch.GetTimestamp();
                    _log.FeedLost(error);
                }
                try
                {
                    await Task.Delay(delay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = delay * 2 > LastRetry ? LastRetry : delay * 2;
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        // Our own commits have notified already, right after they committed.
        if (!string.Equals(e.Payload, _ownId, StringComparison.Ordinal))
        {
            Notify();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_listener is not null)
        {
            await _listener.ConfigureAwait(false);
        }
        _stop.Dispose();
    }
}
