using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Baton.Storage.Sqlite;

/// <summary>One SQLite connection and its prepared statements, cached per SQL text so each statement is
/// prepared once per connection. Not thread-safe: its owner serializes use.</summary>
/// <remarks>The connection is SQLite's own handle, opened with SQLitePCLRaw, not an ADO.NET
/// <see cref="SqliteConnection"/>: the first of those in a process runs Microsoft.Data.Sqlite's connection
/// factory's static constructor (it starts a pool-pruning timer thread) and its connection-string parsing,
/// 6 % of a one-shot <c>baton claim</c>, for nothing the store uses.</remarks>
internal sealed class StoreConnection : IAsyncDisposable
{
    /// <summary>The bound on remembered workers (<see cref="SqliteStoreOptions.MaxWorkers"/>) for writes on this connection.</summary>
    public int MaxWorkers { get; set; } = 1000;

    private readonly sqlite3 _db;

    private StoreConnection(sqlite3 db) => _db = db;

    /// <summary>Opens <paramref name="path"/> read-write (creating it when <paramref name="create"/>).</summary>
    /// <exception cref="SqliteException">SQLite could not open it.</exception>
    public static StoreConnection Open(string path, bool create)
    {
        _ = SqliteStore.SqliteConfigured.Value;
        var flags = raw.SQLITE_OPEN_READWRITE | (create ? raw.SQLITE_OPEN_CREATE : 0);
        var rc = raw.sqlite3_open_v2(path, out var db, flags, null);
        if (rc != raw.SQLITE_OK)
        {
            var why = db is null || db.IsInvalid ? raw.sqlite3_errstr(rc).utf8_to_string() : raw.sqlite3_errmsg(db).utf8_to_string();
            db?.Dispose();
            throw new SqliteException($"SQLite Error {rc}: '{why}' opening {path}.", rc);
        }
        // Until the owner sets its own: a connection that meets another's lock while it sets up (the journal mode,
        // the schema) waits for it, as an ADO.NET command's own retries did, instead of failing at once.
        raw.sqlite3_busy_timeout(db, 30_000);
        return new StoreConnection(db);
    }

    /// <summary>SQLite's handle, for what the store binds itself (the busy handler).</summary>
    public sqlite3 Handle => _db;

    private readonly Dictionary<string, PreparedStatement> _statements = new(StringComparer.Ordinal);

    // The store's SQL is literal text: found by its string instance, without hashing the whole text per run.
    // (Not by asking whether the text is interned: Native AOT keeps literals out of the intern table, so that
    // asked, and hashed the text twice, on every run of every statement in `baton serve`.) Text built at run
    // time is a new instance each time, so the map is emptied whenever it outgrows the store's literals.
    private readonly Dictionary<string, PreparedStatement> _literals = new(ReferenceEqualityComparer.Instance);
    private const int MaxLiterals = 1024;

    /// <summary>How many statement texts are found by instance now (at most <see cref="MaxLiterals"/>); for the tests.</summary>
    internal int LiteralCount => _literals.Count;

    /// <summary>How many distinct statement texts are prepared; for the tests.</summary>
    internal int PreparedCount => _statements.Count;

    /// <summary>The statement for <paramref name="sql"/> with <paramref name="args"/> bound, ready to run.</summary>
    public PreparedStatement Statement(string sql, (string Name, object? Value)[] args)
    {
        if (!_literals.TryGetValue(sql, out var statement))
        {
            if (!_statements.TryGetValue(sql, out statement))
            {
                statement = PreparedStatement.Prepare(_db, sql, transient: false);
                _statements[sql] = statement;
            }
            if (_literals.Count >= MaxLiterals)
            {
                _literals.Clear();
            }
            _literals[sql] = statement;
        }
        if (statement.Busy)
        {
            // The same text run again while its rows are still being read: a one-off copy.
            statement = PreparedStatement.Prepare(_db, sql, transient: true);
        }
        return statement.Bind(args);
    }

    /// <summary>Runs <paramref name="work"/> in a savepoint of the open transaction, so it can fail or be refused
    /// alone: its changes are undone when it asks (<see cref="StoreScope.Rollback"/>) or throws (the exception
    /// then propagates). <paramref name="changed"/> says whether it changed something that was kept.</summary>
    public T InSavepoint<T>(Func<StoreScope, T> work, out bool changed)
    {
        Exec("SAVEPOINT work");
        T result;
        var scope = new StoreScope(this);
        try
        {
            result = work(scope);
        }
        catch
        {
            Exec("ROLLBACK TO work");
            Exec("RELEASE work");
            throw;
        }
        if (scope.RolledBack)
        {
            Exec("ROLLBACK TO work");
        }
        Exec("RELEASE work");
        changed = scope.Changed && !scope.RolledBack;
        return result;
    }

    /// <summary>The rowid of the last row this connection inserted: what an INSERT … RETURNING id would
    /// give, without the temporary table SQLite fills for RETURNING.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    /// <summary>Runs one statement, or a script of several (the schema, pragmas) through <c>sqlite3_exec</c>.</summary>
    /// <exception cref="SqliteException">A statement failed; those before it in a script have run.</exception>
    public void Exec(string sql)
    {
        if (IsSingleStatement(sql))
        {
            Statement(sql, []).Execute();
            return;
        }
        var rc = raw.sqlite3_exec(_db, sql, null, null, out _);
        if (rc != raw.SQLITE_OK)
        {
            throw PreparedStatement.Error(_db, rc);
        }
    }

    /// <summary>True while a transaction is open on this connection.</summary>
    public bool InTransaction => raw.sqlite3_get_autocommit(_db) == 0;

    /// <summary>Ends an open transaction without keeping it (after a failed write or commit).</summary>
    public void RollBackIfOpen()
    {
        if (raw.sqlite3_get_autocommit(_db) == 0)
        {
            Exec("ROLLBACK");
        }
    }

    private static bool IsSingleStatement(string sql)
    {
        var end = sql.AsSpan().TrimEnd().TrimEnd(';');
        return !end.Contains(';');
    }

    public ValueTask DisposeAsync()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Close();
        }
        _statements.Clear();
        _literals.Clear();
        _db.Dispose();
        return ValueTask.CompletedTask;
    }
}
