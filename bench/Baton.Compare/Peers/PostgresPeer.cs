using System.Globalization;
using Baton.Compare.Servers;
using Npgsql;

namespace Baton.Compare.Peers;

/// <summary>
/// A PostgreSQL cluster made with initdb under a temporary folder, used as a SKIP LOCKED queue
/// table; the waiting consumer LISTENs and claims on NOTIFY (sent by an insert trigger). Given a
/// <paramref name="shared"/> cluster (the runs of several hubs on PostgreSQL), it uses a database of its own
/// there instead, on the same server as the hubs it is compared with.
/// </summary>
internal sealed class PostgresPeer(PostgresCluster? shared = null) : IQueuePeer
{
    private const string Schema = """
        CREATE TABLE tasks (id bigserial PRIMARY KEY, state text NOT NULL, payload text NOT NULL, lease_until timestamptz);
        CREATE INDEX tasks_ready ON tasks (id) WHERE state = 'ready';
        CREATE FUNCTION tasks_notify() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('tasks_ready', ''); RETURN NULL; END $$;
        CREATE TRIGGER tasks_notify AFTER INSERT ON tasks FOR EACH STATEMENT EXECUTE FUNCTION tasks_notify();
        """;

    private const string ClaimSql = """
        UPDATE tasks SET state = 'leased', lease_until = now() + interval '10 minutes'
        WHERE id = (SELECT id FROM tasks WHERE state = 'ready' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING id
        """;

    private const string AckSql = "UPDATE tasks SET state = 'done' WHERE id = $1";
    private const string AddSql = "INSERT INTO tasks (state, payload) VALUES ('ready', $1)";

    private PostgresCluster? _cluster;
    private NpgsqlDataSource? _dataSource;

    public string Name => "postgres";

    public string Durability => "ack after WAL flush: every claim and ack is a commit (synchronous_commit=on, fsync=on)";

    public string Client => "Npgsql, prepared statements, one connection per consumer; FOR UPDATE SKIP LOCKED claims, LISTEN/NOTIFY wake-ups";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (shared is null)
        {
            _cluster = await PostgresCluster.StartAsync(cancellationToken);
            _dataSource = NpgsqlDataSource.Create(_cluster.ConnectionString);
        }
        else
        {
            _dataSource = NpgsqlDataSource.Create(shared.ConnectionStringFor(await shared.CreateDatabaseAsync("peer", cancellationToken)));
        }
        await using var command = _dataSource.CreateCommand(Schema);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("postgres peer not started");

    private string ConnectionString => (shared ?? _cluster)?.ConnectionString ?? throw new InvalidOperationException("postgres peer not started");

    public async Task<LifecycleResult> LifecycleAsync(int consumers, int tasks, CancellationToken cancellationToken)
    {
        await using (var reset = DataSource.CreateCommand("TRUNCATE tasks RESTART IDENTITY"))
        {
            await reset.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var preload = DataSource.CreateCommand(
            "INSERT INTO tasks (state, payload) SELECT 'ready', 'task-' || g || ' do the thing' FROM generate_series(1, $1) AS g"))
        {
            preload.Parameters.AddWithValue(tasks);
            await preload.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var vacuum = DataSource.CreateCommand("VACUUM ANALYZE tasks"))
        {
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }
        var before = await PostgresActivity.TakeAsync(ConnectionString, cancellationToken);
        var result = await LifecycleProbe.MeasureAsync(consumers, tasks,
            async (_, ct) => await Consumer.OpenAsync(DataSource, listen: false, ct), cancellationToken);
        var (transactions, wal) = PostgresActivity.PerTask(before, await PostgresActivity.TakeAsync(ConnectionString, cancellationToken), tasks);
        return result with { PostgresTransactions = transactions, PostgresWalBytes = wal };
    }

    public async Task<LatencySummary> HandoffAsync(int samples, CancellationToken cancellationToken)
    {
        await using var consumer = await Consumer.OpenAsync(DataSource, listen: true, cancellationToken);
        await using var producer = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var add = new NpgsqlCommand(AddSql, producer);
        var body = new NpgsqlParameter<string> { TypedValue = "" };
        add.Parameters.Add(body);
        await add.PrepareAsync(cancellationToken);
        return await HandoffProbe.MeasureAsync(samples, consumer, async (text, ct) =>
        {
            body.TypedValue = text;
            await add.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
            _dataSource = null;
        }
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            _cluster = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private sealed class Consumer : ILifecycleConsumer, IHandoffConsumer
    {
        // Bounds the listen-claim loop of one receive; a notification normally ends it on the second pass.
        private const int MaxWakeUps = 1000;

        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlCommand _claim;
        private readonly NpgsqlCommand _ack;
        private readonly NpgsqlParameter<long> _ackId;
        private volatile bool _notified;

        private Consumer(NpgsqlConnection connection)
        {
            _connection = connection;
            _claim = new NpgsqlCommand(ClaimSql, connection);
            _ack = new NpgsqlCommand(AckSql, connection);
            _ackId = new NpgsqlParameter<long> { TypedValue = 0 };
            _ack.Parameters.Add(_ackId);
        }

        public static async Task<Consumer> OpenAsync(NpgsqlDataSource dataSource, bool listen, CancellationToken cancellationToken)
        {
            var consumer = new Consumer(await dataSource.OpenConnectionAsync(cancellationToken));
            await consumer._claim.PrepareAsync(cancellationToken);
            await consumer._ack.PrepareAsync(cancellationToken);
            if (listen)
            {
                consumer._connection.Notification += (_, _) => consumer._notified = true;
                await using var command = new NpgsqlCommand("LISTEN tasks_ready", consumer._connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            return consumer;
        }

        public async Task<bool> ClaimAndAckAsync(CancellationToken cancellationToken)
        {
            if (await ClaimAsync(cancellationToken) is not { } id)
            {
                return false;
            }
            await AckAsync(id, cancellationToken);
            return true;
        }

        public async Task<string> ReceiveAsync(CancellationToken cancellationToken)
        {
            for (var pass = 0; pass < MaxWakeUps; pass++)
            {
                // Cleared before the claim: a NOTIFY that lands during the claim sets it again, so
                // the wait below never sleeps through a task committed after the claim's snapshot.
                _notified = false;
                if (await ClaimAsync(cancellationToken) is { } id)
                {
                    return id.ToString(CultureInfo.InvariantCulture);
                }
                if (!_notified)
                {
                    await _connection.WaitAsync(cancellationToken);
                }
            }
            throw new InvalidOperationException($"postgres: no task claimed after {MaxWakeUps} wake-ups");
        }

        public Task AckAsync(string id, CancellationToken cancellationToken) => AckAsync(long.Parse(id, CultureInfo.InvariantCulture), cancellationToken);

        private async Task AckAsync(long id, CancellationToken cancellationToken)
        {
            _ackId.TypedValue = id;
            await _ack.ExecuteNonQueryAsync(cancellationToken);
        }

        private async Task<long?> ClaimAsync(CancellationToken cancellationToken)
            => await _claim.ExecuteScalarAsync(cancellationToken) is long id ? id : null;

        public async ValueTask DisposeAsync()
        {
            await _claim.DisposeAsync();
            await _ack.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
