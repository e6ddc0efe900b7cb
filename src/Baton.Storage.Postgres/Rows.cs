using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>Column reads of the store's types: every integer column is a BIGINT, every instant Unix milliseconds.</summary>
internal static class Rows
{
    public static string? TextOrNull(this NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    public static long? LongOrNull(this NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);

    public static int Int(this NpgsqlDataReader r, int ordinal) => checked((int)r.GetInt64(ordinal));

    public static int? IntOrNull(this NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : checked((int)r.GetInt64(ordinal));

    public static DateTimeOffset At(this NpgsqlDataReader r, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));

    public static DateTimeOffset? AtOrNull(this NpgsqlDataReader r, int ordinal)
        => r.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));
}
