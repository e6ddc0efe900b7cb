using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Baton.Storage.Sqlite;

/// <summary>
/// One SQL statement prepared once on its connection and run many times: parameters are bound by
/// index (resolved at prepare), values are read straight from SQLite's columns, and nothing is parsed
/// or allocated per run beyond the values themselves. It is also the reader of its own rows.
/// </summary>
/// <remarks>
/// The store's hot path runs a couple of dozen statements per transition, and the general-purpose ADO.NET
/// layer (command and reader objects, parameter lookup by name, a timer per step) was a large share of
/// its cost: moving to this type took a report plus the next claim from 460 to 316 µs of writer time
/// in-process. It keeps only what the store needs. Multi-statement scripts (the schema, pragmas) go through
/// <c>sqlite3_exec</c> (<see cref="StoreConnection.Exec"/>). Every call goes through SQLitePCLRaw: binding the
/// calls made on every run straight to <c>e_sqlite3</c> instead (to spare the statement handle's reference count per
/// call) made no difference the hub's throughput could show (docs/threading.md), and was taken out.
/// </remarks>
internal sealed class PreparedStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly string[] _parameters;
    private readonly bool _transient;

    private PreparedStatement(sqlite3 db, sqlite3_stmt statement, string sql, bool transient)
    {
        _db = db;
        _statement = statement;
        _transient = transient;
        Sql = sql;
        var count = raw.sqlite3_bind_parameter_count(statement);
        _parameters = new string[count];
        for (var i = 0; i < count; i++)
        {
            _parameters[i] = raw.sqlite3_bind_parameter_name(statement, i + 1).utf8_to_string();
        }
        ReadOnly = raw.sqlite3_stmt_readonly(statement) != 0;
    }

    public string Sql { get; }

    /// <summary>True for a statement that cannot change the database (a SELECT, SAVEPOINT, RELEASE).</summary>
    public bool ReadOnly { get; }

    /// <summary>True while a run is in progress (its rows are being read).</summary>
    public bool Busy { get; private set; }

    public static PreparedStatement Prepare(sqlite3 db, string sql, bool transient)
    {
        // PERSISTENT: the statement lives as long as the connection, so SQLite allocates it for that.
        var rc = raw.sqlite3_prepare_v3(db, sql, transient ? 0u : raw.SQLITE_PREPARE_PERSISTENT, out var statement, out var tail);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            throw Error(db, rc);
        }
        if (!string.IsNullOrWhiteSpace(tail.TrimEnd().TrimEnd(';')))
        {
            statement.Dispose();
            throw new ArgumentException($"one statement expected, got a script: {sql}", nameof(sql));
        }
        return new PreparedStatement(db, statement, sql, transient);
    }

    /// <summary>Binds the values of this run; every parameter the statement names must be given.</summary>
    public PreparedStatement Bind((string Name, object? Value)[] args)
    {
        Busy = true;
        var bound = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var (name, value) = args[i];
            // Arguments usually come in the statement's order.
            var index = i < _parameters.Length && string.Equals(_parameters[i], name, StringComparison.Ordinal) ? i + 1 : Array.IndexOf(_parameters, name) + 1;
            if (index == 0)
            {
                continue;
            }
            bound++;
            var rc = value switch
            {
                null or DBNull => raw.sqlite3_bind_null(_statement, index),
                string text => BindText(index, text),
                long number => raw.sqlite3_bind_int64(_statement, index, number),
                int number => raw.sqlite3_bind_int64(_statement, index, number),
                bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
                double real => raw.sqlite3_bind_double(_statement, index, real),
                byte[] blob => raw.sqlite3_bind_blob(_statement, index, blob),
                _ => throw new NotSupportedException($"cannot bind a {value.GetType().Name} to {name} in: {Sql}"),
            };
            if (rc != raw.SQLITE_OK)
            {
                Reset();
                throw Error(_db, rc);
            }
        }
        if (bound < _parameters.Length)
        {
            Reset();
            var missing = _parameters.Where(p => !args.Any(a => a.Name == p));
            throw new InvalidOperationException($"no value for {string.Join(", ", missing)} in: {Sql}");
        }
        return this;
    }

    // Bound as UTF-8, the store's encoding: text bound as UTF-16 SQLite converts itself, into a buffer it allocates,
    // on every bind. SQLite copies the bytes (SQLITE_TRANSIENT) before the call returns, so a buffer on the stack
    // (or a pooled one, for long text) serves.
    private int BindText(int index, string text)
    {
        if (text.Length == 0)
        {
            // An empty span would be bound from a null pointer, which SQLite takes for NULL: empty text is bound as text.
            return raw.sqlite3_bind_text(_statement, index, "");
        }
        const int OnStack = 512;
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = most > OnStack ? ArrayPool<byte>.Shared.Rent(most) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[OnStack];
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return raw.sqlite3_bind_text(_statement, index, buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Steps to the next row; false when there are no more.</summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }
        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }
        var error = Error(_db, rc);
        Reset();
        throw error;
    }

    /// <summary>Runs to completion; the number of rows changed (0 for a statement that cannot change any).</summary>
    public int Execute()
    {
        try
        {
            while (Read())
            {
            }
            return ReadOnly ? 0 : raw.sqlite3_changes(_db);
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>The first column of the first row: null when there is no row, <see cref="DBNull"/> for NULL.</summary>
    public object? Scalar(out int changes)
    {
        object? value;
        try
        {
            // A write with RETURNING makes all its changes on the first step.
            value = Read() ? GetValue(0) : null;
        }
        finally
        {
            Dispose();
        }
        // Counted when the statement ends (the reset above), not at its first row.
        changes = ReadOnly ? 0 : raw.sqlite3_changes(_db);
        return value;
    }

    /// <summary>The name of a result column (for the checks of generated ordinals).</summary>
    public string ColumnName(int column) => raw.sqlite3_column_name(_statement, column).utf8_to_string();

    public bool IsDBNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    // Reads check for NULL only when the value could be one (SQLite reads NULL as 0 and as an empty blob):
    // a column_type call per read was a third of the calls into SQLite on the hot path.
    public long GetInt64(int column)
    {
        var value = raw.sqlite3_column_int64(_statement, column);
        if (value == 0)
        {
            NotNull(column);
        }
        return value;
    }

    public int GetInt32(int column) => checked((int)GetInt64(column));

    public double GetDouble(int column)
    {
        var value = raw.sqlite3_column_double(_statement, column);
        if (value == 0)
        {
            NotNull(column);
        }
        return value;
    }

    public string GetString(int column)
    {
        // column_blob on a TEXT value is its UTF-8 bytes, without the terminator to search for (blob first, then
        // its length, as SQLite asks).
        var bytes = raw.sqlite3_column_blob(_statement, column);
        if (bytes.IsEmpty)
        {
            NotNull(column);
            return "";
        }
        return Encoding.UTF8.GetString(bytes);
    }

    private object GetValue(int column) => raw.sqlite3_column_type(_statement, column) switch
    {
        raw.SQLITE_NULL => DBNull.Value,
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_statement, column),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(_statement, column),
        raw.SQLITE_TEXT => GetString(column),
        _ => raw.sqlite3_column_blob(_statement, column).ToArray(),
    };

    private void NotNull(int column)
    {
        if (IsDBNull(column))
        {
            throw new InvalidOperationException($"column {column} is NULL in: {Sql}");
        }
    }

    /// <summary>Ends the run: the statement is reset (releasing what it holds) and may run again.</summary>
    public void Dispose()
    {
        if (!Busy)
        {
            return;
        }
        Reset();
        if (_transient)
        {
            _statement.Dispose();
        }
    }

    private void Reset()
    {
        Busy = false;
        // Its result repeats the error of the step that failed, which the caller has already thrown.
        _ = raw.sqlite3_reset(_statement);
    }

    /// <summary>Finalizes the statement (the connection is closing).</summary>
    public void Close() => _statement.Dispose();

    /// <summary>SQLite's error on <paramref name="db"/> after a call returned <paramref name="rc"/>, as the store throws it.</summary>
    internal static SqliteException Error(sqlite3 db, int rc)
        => new($"SQLite Error {rc}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(db));
}
