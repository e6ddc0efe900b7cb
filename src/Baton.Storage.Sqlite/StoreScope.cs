namespace Baton.Storage.Sqlite;

/// <summary>The inside of one transaction: statements, event appends, and whether to commit.</summary>
internal sealed class StoreScope(StoreConnection connection)
{
    /// <summary>Set when the transaction must not commit (bad input found after writes began).</summary>
    public bool RolledBack { get; private set; }

    /// <summary>Set by any write that changed a row, so waiters are woken only by real changes.</summary>
    public bool Changed { get; private set; }

    /// <summary>Who made the request this write serves (<see cref="AuditActor"/>), written on its events.</summary>
    public string? Actor { get; set; }

    public void Rollback() => RolledBack = true;

    /// <summary>True inside the transaction this scope writes in.</summary>
    public bool InTransaction => connection.InTransaction;

    /// <summary>The bound on remembered workers.</summary>
    public int MaxWorkers => connection.MaxWorkers;

    /// <summary>For a write read through <see cref="Query"/> (UPDATE … RETURNING).</summary>
    public void MarkChanged() => Changed = true;

    public int Exec(string sql, params (string Name, object? Value)[] args)
    {
        var rows = connection.Statement(sql, args).Execute();
        Changed |= rows > 0;
        return rows;
    }

    /// <summary>The first column of the first row: null when there is no row, <see cref="DBNull"/> for NULL.
    /// A write through here (INSERT … RETURNING) marks the scope changed like <see cref="Exec"/>.</summary>
    public object? Scalar(string sql, params (string Name, object? Value)[] args)
    {
        var value = connection.Statement(sql, args).Scalar(out var changes);
        Changed |= changes > 0;
        return value;
    }

    /// <summary>Runs a query; read its rows, then dispose it.</summary>
    public PreparedStatement Query(string sql, params (string Name, object? Value)[] args)
        => connection.Statement(sql, args);

    /// <summary>Inserts one row; its rowid.</summary>
    public long Insert(string sql, params (string Name, object? Value)[] args)
    {
        Exec(sql, args);
        return connection.LastInsertRowId;
    }

    public long AppendEvent(long at, string type, string? taskId, string? worker, string? state, string? message, string? data = null)
        => Insert(
            "INSERT INTO events(at, type, task_id, worker, state, message, data, actor) VALUES ($at, $type, $task, $worker, $state, $message, $data, $actor)",
            ("$at", at), ("$type", type), ("$task", taskId), ("$worker", worker), ("$state", state), ("$message", message), ("$data", data), ("$actor", Actor));
}
