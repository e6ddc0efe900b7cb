using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // A single read on the reader connection; callers hold the read gate.
    private T Read<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] args)
    {
        using var reader = _reader.Command(sql, null, args).ExecuteReader();
        return map(reader);
    }
}
