using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>One write's view of the open transaction: its statements, its events, and whether it changed anything or
/// asks to be undone. Writes are queued on the <see cref="Session"/> and sent with its next read or its commit.</summary>
internal sealed class StoreScope(Session session)
{
    private const string AppendEventSql =
        "INSERT INTO events(at, type, task_id, worker, state, message, data, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    /// <summary>Set when the write must not be kept (bad input found after writes began).</summary>
    public bool RolledBack { get; private set; }

    /// <summary>Set by any write statement, so waiters are woken only when something was written. A queued statement's
    /// row count is not known until it is sent; every write statement the store makes changes a row when it runs, but a
    /// few that may match none (closing escalations of a task that has none), which only ever come with others that do.</summary>
    public bool Changed { get; private set; }

    /// <summary>Who made the request this write serves (<see cref="AuditActor"/>), written on its events.</summary>
    public string? Actor { get; set; }

    public void Rollback() => RolledBack = true;

    /// <summary>The rows the batch's writes read, kept exact as they write (null when the batch runs without).</summary>
    public WriteCache? Cache => session.Cache;

    /// <summary>True inside a transaction.</summary>
    public bool InTransaction => session.InTransaction;

    /// <summary>The bound on remembered workers.</summary>
    public int MaxWorkers => session.MaxWorkers;

    /// <summary>Queues a write statement (sent with the next read or the commit).</summary>
    public void Exec(string sql, params NpgsqlParameter[] args)
    {
        session.Queue(sql, args);
        Changed = true;
    }

    /// <summary>The first column of the first row: null when there is no row, <see cref="DBNull"/> for NULL.</summary>
    public object? Scalar(string sql, params NpgsqlParameter[] args)
    {
        using var reader = session.Query(sql, args);
        return reader.Read() ? reader.GetValue(0) : null;
    }

    /// <summary>Runs an insert with <c>RETURNING id</c> now; the id.</summary>
    public long Insert(string sql, params NpgsqlParameter[] args)
    {
        Changed = true;
        using var reader = session.Query(sql, args);
        reader.Read();
        return reader.GetInt64(0);
    }

    /// <summary>Runs a query (with whatever is queued); read its rows, then dispose it.</summary>
    public NpgsqlDataReader Query(string sql, params NpgsqlParameter[] args) => session.Query(sql, args);

    /// <summary>Runs several queries in one round trip; the reader stands on the first one's rows.</summary>
    public NpgsqlDataReader Query(ReadOnlySpan<(string Sql, NpgsqlParameter[] Args)> queries) => session.Query(queries);

    public void AppendEvent(long at, string type, string? taskId, string? worker, string? state, string? message, string? data = null)
        => Exec(AppendEventSql, Arg.Long(at), Arg.Text(type), Arg.Text(taskId), Arg.Text(worker), Arg.Text(state), Arg.Text(message), Arg.Text(data),
            Arg.Text(Actor));
}
