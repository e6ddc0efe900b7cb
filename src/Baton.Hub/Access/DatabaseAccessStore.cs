using System.Text;
using Baton.Core.Access;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Hub.Access;

/// <summary>
/// The key and token list of the hubs on a PostgreSQL store, in its <c>access</c> table (<c>key</c>, <c>value</c>,
/// <c>updated_at</c>): the row <c>hub_key</c> holds the key as <c>hub.key</c> does, the row <c>tokens</c> the list as
/// <c>tokens.json</c> does. Every hub on the database accepts the same tokens. The key is made once however many hubs
/// start at the same moment (an insert that does nothing when the row exists); a token change reads the list under a
/// row lock (<c>SELECT … FOR UPDATE</c>) and writes it back in the same transaction, so concurrent changes through
/// different hubs or CLIs never lose one another. <c>updated_at</c> only grows, so a hub re-reads a row only when it
/// changed (<see cref="DatabaseAccessView"/>).
/// </summary>
public sealed class DatabaseAccessStore : IAccessStore
{
    internal const string KeyRow = "hub_key";
    internal const string TokensRow = "tokens";

    private readonly PostgresLocation _location;
    private readonly TimeProvider _time;
    private readonly NpgsqlDataSource _source;

    /// <summary>The access table of the database at <paramref name="location"/> (made by the store when it was made).</summary>
    public DatabaseAccessStore(PostgresLocation location, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(time);
        _location = location;
        _time = time;
        _source = new NpgsqlSlimDataSourceBuilder(location.ConnectionString).Build();
    }

    /// <inheritdoc/>
    public string KeyLocation => $"the access table of {_location.Display}";

    /// <inheritdoc/>
    public async Task<byte[]?> TryLoadKeyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        var text = await ReadValueAsync(connection, null, KeyRow, lockRow: false, cancellationToken);
        return text is null ? null : ParseKey(text);
    }

    /// <inheritdoc/>
    public async Task<byte[]> LoadOrCreateKeyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        if (await ReadValueAsync(connection, null, KeyRow, lockRow: false, cancellationToken) is { } existing)
        {
            return ParseKey(existing);
        }
        // Two hubs starting together both get here: the first insert makes the key, the second does nothing, and
        // both then read the one that was made.
        await using (var insert = Command(connection, null,
            "INSERT INTO access(key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING",
            KeyRow, HubToken.FormatKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(HubToken.KeyBytes)), Now()))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        return ParseKey(await ReadValueAsync(connection, null, KeyRow, lockRow: false, cancellationToken)
            ?? throw new InvalidDataException($"the hub key vanished from {KeyLocation} while it was being made"));
    }

    /// <inheritdoc/>
    public async Task<byte[]> RotateKeyAsync(CancellationToken cancellationToken)
    {
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(HubToken.KeyBytes);
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var upsert = Command(connection, null,
            """
            INSERT INTO access(key, value, updated_at) VALUES ($1, $2, $3)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = GREATEST(EXCLUDED.updated_at, access.updated_at + 1)
            """,
            KeyRow, HubToken.FormatKey(key), Now());
        await upsert.ExecuteNonQueryAsync(cancellationToken);
        return key;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TokenRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        var text = await ReadValueAsync(connection, null, TokensRow, lockRow: false, cancellationToken);
        return text is null ? [] : TokenList.Parse(Encoding.UTF8.GetBytes(text), KeyLocation);
    }

    /// <inheritdoc/>
    public async Task<Result<(TokenRecord Record, string Token)>> CreateAsync(HubRole role, WorkerId? worker, TimeSpan? expiresIn, string? label, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var record = TokenList.NewRecord(role, worker, expiresIn, label, now);
        if (!record.IsOk)
        {
            return Result<(TokenRecord, string)>.Fail(record.Error);
        }
        var key = await LoadOrCreateKeyAsync(cancellationToken);
        var added = await ChangeAsync(list =>
        {
            var changed = TokenList.Add(list, record.Value, now);
            return changed.IsOk ? Result<bool>.Ok(true) : Result<bool>.Fail(changed.Error);
        }, cancellationToken);
        return added.IsOk ? (record.Value, HubToken.Derive(key, record.Value.Id)) : Result<(TokenRecord, string)>.Fail(added.Error);
    }

    /// <inheritdoc/>
    public Task<Result<TokenRecord>> RevokeAsync(string id, CancellationToken cancellationToken)
        => ChangeAsync(list => TokenList.Revoke(list, id, _time.GetUtcNow()), cancellationToken);

    /// <inheritdoc/>
    public Task<Result<int>> ForgetAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        => ChangeAsync(list => Result<int>.Ok(TokenList.Forget(list, ids)), cancellationToken);

    /// <inheritdoc/>
    public Task<Result<int>> PruneAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        return ChangeAsync(list => Result<int>.Ok(TokenList.Prune(list, now)), cancellationToken);
    }

    /// <summary>The key and the list as stored now, each read only when its <c>updated_at</c> differs from the one
    /// given (null for that part when it did not change).</summary>
    internal async Task<AccessRows> ReadChangedAsync(long keyStamp, long tokensStamp, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var read = Command(connection, null,
            """
            SELECT key, updated_at, CASE WHEN updated_at = (CASE key WHEN $1 THEN $3 ELSE $4 END) THEN NULL ELSE value END
            FROM access WHERE key IN ($1, $2)
            """,
            KeyRow, TokensRow, keyStamp, tokensStamp);
        var rows = new AccessRows { KeyStamp = keyStamp, TokensStamp = tokensStamp };
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var stamp = reader.GetInt64(1);
            var value = reader.IsDBNull(2) ? null : reader.GetString(2);
            rows = reader.GetString(0) == KeyRow
                ? rows with { KeyStamp = stamp, Key = value is null ? null : ParseKey(value) }
                : rows with { TokensStamp = stamp, Tokens = value is null ? null : TokenList.Parse(Encoding.UTF8.GetBytes(value), KeyLocation) };
        }
        return rows;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    /// <inheritdoc/>
    public override string ToString() => KeyLocation;

    // One change of the list: made when missing, read under a row lock, changed, written back, in one transaction.
    private async Task<Result<T>> ChangeAsync<T>(Func<List<TokenRecord>, Result<T>> change, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = Now();
        await using (var ensure = Command(connection, transaction,
            "INSERT INTO access(key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING",
            TokensRow, Encoding.UTF8.GetString(TokenList.Serialize([])), now))
        {
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }
        var text = await ReadValueAsync(connection, transaction, TokensRow, lockRow: true, cancellationToken)
            ?? throw new InvalidDataException($"the token list vanished from {KeyLocation}");
        var list = TokenList.Parse(Encoding.UTF8.GetBytes(text), KeyLocation);
        var result = change(list);
        if (!result.IsOk)
        {
            await transaction.RollbackAsync(cancellationToken);
            return result;
        }
        await using (var write = Command(connection, transaction,
            "UPDATE access SET value = $2, updated_at = GREATEST($3, updated_at + 1) WHERE key = $1",
            TokensRow, Encoding.UTF8.GetString(TokenList.Serialize(list)), now))
        {
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task<string?> ReadValueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string row, bool lockRow, CancellationToken cancellationToken)
    {
        await using var read = Command(connection, transaction,
            lockRow ? "SELECT value FROM access WHERE key = $1 FOR UPDATE" : "SELECT value FROM access WHERE key = $1", row);
        return await read.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(value is long number
                ? new NpgsqlParameter<long> { TypedValue = number, NpgsqlDbType = NpgsqlDbType.Bigint }
                : new NpgsqlParameter<string> { TypedValue = (string)value, NpgsqlDbType = NpgsqlDbType.Text });
        }
        return command;
    }

    private byte[] ParseKey(string text)
        => HubToken.TryParseKey(text.Trim(), out var key)
            ? key
            : throw new InvalidDataException($"the hub key in {KeyLocation} is not a Baton hub key (expected {HubToken.KeyBytes} bytes in base64url); 'baton token rotate' makes a new one (every token then stops working)");

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
