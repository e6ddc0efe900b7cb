using Npgsql;

namespace Baton.Compare.Servers;

/// <summary>
/// Where a PostgreSQL server's write-ahead log and transaction counter stand at one moment. Two readings around a run
/// give its WAL bytes and its write transactions (each that wrote took a transaction id) exactly, whatever connection
/// made them; the statistics views would not do, since backends report to them up to seconds late.
/// </summary>
internal readonly record struct PostgresActivity(long WalBytes, long NextTransaction)
{
    public static async Task<PostgresActivity> TakeAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, pg_snapshot_xmax(pg_current_snapshot())::text::bigint", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PostgresActivity(reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Per task between two readings: write transactions, and WAL bytes.</summary>
    public static (double Transactions, double WalBytes) PerTask(PostgresActivity start, PostgresActivity end, int tasks)
        => ((double)(end.NextTransaction - start.NextTransaction) / tasks, (double)(end.WalBytes - start.WalBytes) / tasks);
}
