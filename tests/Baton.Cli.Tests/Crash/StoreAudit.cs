using Microsoft.Data.Sqlite;

namespace Baton.Cli.Tests.Crash;

/// <summary>Reads a store file directly (as SQLite, after its writers are gone) and checks what invariant 2 and 3
/// promise: the file is intact, and every task's attempts, reports and state agree.</summary>
internal sealed class StoreAudit : IDisposable
{
    private readonly SqliteConnection _connection;

    public StoreAudit(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        _connection.Open();
    }

    public string IntegrityCheck() => (string)Scalar("PRAGMA integrity_check")!;

    public Dictionary<string, string> States() => Rows("SELECT id, state FROM tasks").ToDictionary(r => (string)r[0]!, r => (string)r[1]!, StringComparer.Ordinal);

    /// <summary>Accepted (not late) done reports: (task, report id, worker).</summary>
    public List<(string Task, long Report, string Worker)> DoneReports()
        => [.. Rows("SELECT task_id, id, worker FROM reports WHERE late = 0 AND outcome = 'done'").Select(r => ((string)r[0]!, (long)r[1]!, (string)r[2]!))];

    /// <summary>Every inconsistency found; empty when the store is consistent.</summary>
    public List<string> Problems()
    {
        var problems = new List<string>();
        foreach (var row in Rows("SELECT id, state, attempts, worker, lease_id FROM tasks"))
        {
            var (id, state, attempts) = ((string)row[0]!, (string)row[1]!, (long)row[2]!);
            var leased = row[3] is not null || row[4] is not null;
            if ((state == "leased") != leased)
            {
                problems.Add($"{id}: state {state} but worker/lease {(leased ? "set" : "empty")}");
            }
            var numbers = Rows("SELECT number, ending FROM attempts WHERE task_id = $id ORDER BY number", ("$id", id));
            if (numbers.Count != attempts || numbers.Select((r, i) => (long)r[0]! != i + 1).Any(bad => bad))
            {
                problems.Add($"{id}: attempts {attempts} but attempt rows {string.Join(",", numbers.Select(r => r[0]))}");
            }
            var open = numbers.Count(r => r[1] is null);
            if (open > 1 || (open == 1 && state != "leased") || (state == "leased" && (numbers.Count == 0 || numbers[^1][1] is not null)))
            {
                problems.Add($"{id}: state {state} with {open} live attempt(s)");
            }
            var done = (long)Scalar("SELECT COUNT(*) FROM reports WHERE task_id = $id AND late = 0 AND outcome = 'done'", ("$id", id))!;
            if (done > 1 || (done == 1) != (state == "done"))
            {
                problems.Add($"{id}: state {state} with {done} accepted done report(s)");
            }
            if (state == "done" && (numbers.Count == 0 || (string?)numbers[^1][1] != "done"))
            {
                problems.Add($"{id}: done, but its last attempt ended {(numbers.Count == 0 ? "(none)" : numbers[^1][1])}");
            }
        }
        return problems;
    }

    public void Dispose() => _connection.Dispose();

    private object? Scalar(string sql, params (string Name, object Value)[] args)
    {
        using var command = Command(sql, args);
        return command.ExecuteScalar();
    }

    private List<object?[]> Rows(string sql, params (string Name, object Value)[] args)
    {
        using var command = Command(sql, args);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    private SqliteCommand Command(string sql, (string Name, object Value)[] args)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in args)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}
