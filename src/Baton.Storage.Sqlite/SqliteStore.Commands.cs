using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    internal SqliteCommand CommandFor(string sql, SqliteTransaction? transaction, (string Name, object? Value)[] args)
    {
        var command = Command(sql, transaction);
        foreach (var (name, value) in args)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    private T Read<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] args)
    {
        using var reader = CommandFor(sql, null, args).ExecuteReader();
        return map(reader);
    }
}
