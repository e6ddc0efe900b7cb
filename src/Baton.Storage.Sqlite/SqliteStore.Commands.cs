namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // A single read on the reader connection; callers hold the read gate.
    private T Read<T>(string sql, Func<PreparedStatement, T> map, params (string Name, object? Value)[] args)
    {
        using var reader = _reader.Statement(sql, args);
        return map(reader);
    }
}
