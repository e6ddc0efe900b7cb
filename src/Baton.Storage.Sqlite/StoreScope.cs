using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>The inside of one transaction: statements, event appends, and whether to commit.</summary>
internal sealed class StoreScope(SqliteStore store, SqliteTransaction transaction)
{
    /// <summary>Set when the transaction must not commit (bad input found after writes began).</summary>
    public bool RolledBack { get; private set; }

    /// <summary>Set by any write, so waiters are woken only by real changes.</summary>
    public bool Changed { get; private set; }

    public void Rollback() => RolledBack = true;

    public int Exec(string sql, params (string Name, object? Value)[] args)
    {
        var command = store.CommandFor(sql, transaction, args);
        var rows = command.ExecuteNonQuery();
        if (rows > 0)
        {
            Changed = true;
        }
        return rows;
    }

    public object? Scalar(string sql, params (string Name, object? Value)[] args)
        => store.CommandFor(sql, transaction, args).ExecuteScalar();

    public SqliteDataReader Query(string sql, params (string Name, object? Value)[] args)
        => store.CommandFor(sql, transaction, args).ExecuteReader();

    public long AppendEvent(long at, string type, string? taskId, string? worker, string? state, string? message, string? data = null)
    {
        Changed = true;
        return (long)Scalar(
            "INSERT INTO events(at, type, task_id, worker, state, message, data) VALUES ($at, $type, $task, $worker, $state, $message, $data) RETURNING id",
            ("$at", at), ("$type", type), ("$task", taskId), ("$worker", worker), ("$state", state), ("$message", message), ("$data", data))!;
    }
}
