using System.Text.Json;
using Baton.Core.Tasks;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a commit is on disk
/// before it is acknowledged. Many processes may open the same file; every state change is one
/// IMMEDIATE transaction (SQLite's single writer serializes them) that also appends its events.
/// Within a process, one connection is shared behind a gate.
/// </summary>
public sealed partial class SqliteStore : IBatonStore
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly SqliteChangeFeed _changes;

    private SqliteStore(SqliteConnection connection, string location, string repositoryRoot, SqliteChangeFeed changes)
    {
        _connection = connection;
        Location = location;
        RepositoryRoot = repositoryRoot;
        _changes = changes;
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public string RepositoryRoot { get; }

    /// <inheritdoc/>
    public IStoreChangeFeed Changes => _changes;

    /// <summary>Opens (and with <see cref="SqliteStoreOptions.CreateIfMissing"/>, creates) a store.</summary>
    /// <exception cref="FileNotFoundException">The file is missing and creation was not asked for.</exception>
    public static async Task<SqliteStore> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        var path = Path.GetFullPath(options.DatabasePath);
        if (!File.Exists(path))
        {
            if (!options.CreateIfMissing)
            {
                throw new FileNotFoundException($"no Baton store at {path}", path);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = options.CreateIfMissing ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 60,
        };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // FULL: in WAL mode NORMAL may lose the last commits on power loss; we acknowledge only
            // what is on disk (invariant 2). busy_timeout lets SQLite itself queue concurrent writers.
            Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=OFF;");
            Exec(connection, SqliteSchema.Create);
            var root = ReadOrWriteRoot(connection, options, path);
            var feed = new SqliteChangeFeed(path, options.WatchForChanges);
            return new SqliteStore(connection, path, root, feed);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string ReadOrWriteRoot(SqliteConnection connection, SqliteStoreOptions options, string path)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT value FROM meta WHERE key = 'repository_root'";
        if (read.ExecuteScalar() is string stored && options.RepositoryRoot is null)
        {
            return stored;
        }
        var root = Path.GetFullPath(options.RepositoryRoot ?? DeriveRoot(path));
        using var write = connection.CreateCommand();
        write.CommandText = """
            INSERT INTO meta(key, value) VALUES ('repository_root', $root)
              ON CONFLICT(key) DO UPDATE SET value = excluded.value;
            INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', $version);
            """;
        write.Parameters.AddWithValue("$root", root);
        write.Parameters.AddWithValue("$version", SqliteSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        write.ExecuteNonQuery();
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

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var command in _commands.Values)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
            _commands.Clear();
            await _connection.DisposeAsync().ConfigureAwait(false);
            _changes.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    // Commands are cached per SQL text so SQLite prepares each statement once per connection.
    private SqliteCommand Command(string sql, SqliteTransaction? transaction)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    private async Task<T> ReadAsync<T>(Func<T> read, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return read();
        }
        finally
        {
            _gate.Release();
        }
    }

    // A read transaction: one consistent snapshot (WAL readers never block the writer).
    private async Task<T> SnapshotAsync<T>(Func<StoreScope, T> read, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _connection.BeginTransaction(deferred: true);
            var result = read(new StoreScope(this, transaction));
            transaction.Commit();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    // One write transaction: BEGIN IMMEDIATE takes SQLite's write lock up front, so a read-then-write
    // (e.g. choose a task, then lease it) can never interleave with another process's claim.
    private async Task<T> WriteAsync<T>(Func<StoreScope, T> write, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        bool committed;
        T result;
        try
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            var scope = new StoreScope(this, transaction);
            result = write(scope);
            if (scope.RolledBack)
            {
                transaction.Rollback();
                committed = false;
            }
            else
            {
                transaction.Commit();
                committed = scope.Changed;
            }
        }
        finally
        {
            _gate.Release();
        }
        if (committed)
        {
            _changes.Notify();
        }
        return result;
    }

    internal static long Ms(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    internal static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    internal static string ToJson(IReadOnlyList<string> list)
        => list.Count == 0 ? "[]" : JsonSerializer.Serialize(list as List<string> ?? [.. list], StoreJsonContext.Default.ListString);

    internal static string ToJson(IReadOnlyList<AcceptanceItem> list)
        => list.Count == 0 ? "[]" : JsonSerializer.Serialize(list as List<AcceptanceItem> ?? [.. list], StoreJsonContext.Default.ListAcceptanceItem);

    internal static List<string> StringsFromJson(string json)
        => json == "[]" ? [] : JsonSerializer.Deserialize(json, StoreJsonContext.Default.ListString) ?? [];

    internal static List<AcceptanceItem> AcceptanceFromJson(string json)
        => json == "[]" ? [] : JsonSerializer.Deserialize(json, StoreJsonContext.Default.ListAcceptanceItem) ?? [];
}
