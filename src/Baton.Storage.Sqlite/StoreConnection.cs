using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>One SQLite connection and its prepared commands, cached per SQL text so each statement is
/// prepared once per connection. Not thread-safe: its owner serializes use.</summary>
internal sealed class StoreConnection(SqliteConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    public SqliteCommand Command(string sql, SqliteTransaction? transaction, (string Name, object? Value)[] args)
    {
        var fresh = !_commands.TryGetValue(sql, out var command);
        if (fresh)
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command!.Transaction = transaction;
        if (fresh && IsSingleStatement(sql))
        {
            // Prepared once and kept: without this, a command whose reader is disposed before its last
            // result is read is parsed and prepared again on every execution. (A script is left alone:
            // its later statements may name tables its earlier ones create.)
            command.Prepare();
        }
        command.Parameters.Clear();
        foreach (var (name, value) in args)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    private static bool IsSingleStatement(string sql)
    {
        var end = sql.AsSpan().TrimEnd().TrimEnd(';');
        return !end.Contains(';');
    }

    public void Exec(string sql, SqliteTransaction? transaction = null)
        => Command(sql, transaction, []).ExecuteNonQuery();

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }
        _commands.Clear();
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
