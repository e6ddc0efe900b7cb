using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>One SQLite connection and its prepared statements, cached per SQL text so each statement is
/// prepared once per connection. Not thread-safe: its owner serializes use.</summary>
internal sealed class StoreConnection(SqliteConnection connection) : IAsyncDisposable
{
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

    public SqliteConnection Connection => connection;

    /// <summary>The statement for <paramref name="sql"/> with <paramref name="args"/> bound, ready to run.</summary>
    public PreparedStatement Statement(string sql, (string Name, object? Value)[] args)
    {
        if (!_literals.TryGetValue(sql, out var statement))
        {
            if (!_statements.TryGetValue(sql, out statement))
            {
                statement = PreparedStatement.Prepare(connection.Handle!, sql, transient: false);
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
            statement = PreparedStatement.Prepare(connection.Handle!, sql, transient: true);
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
    public long LastInsertRowId => SQLitePCL.raw.sqlite3_last_insert_rowid(connection.Handle!);

    /// <summary>Runs one statement, or a script of several (the schema, pragmas) through ADO.NET.</summary>
    public void Exec(string sql)
    {
        if (IsSingleStatement(sql))
        {
            Statement(sql, []).Execute();
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Ends an open transaction without keeping it (after a failed write or commit).</summary>
    public void RollBackIfOpen()
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle!) == 0)
        {
            Exec("ROLLBACK");
        }
    }

    private static bool IsSingleStatement(string sql)
    {
        var end = sql.AsSpan().TrimEnd().TrimEnd(';');
        return !end.Contains(';');
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Close();
        }
        _statements.Clear();
        _literals.Clear();
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
