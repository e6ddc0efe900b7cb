using System.Text.Json;
using Baton.Core.Access;
using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Hub.Access;

/// <summary>The rules of a token list, wherever it is kept (<c>tokens.json</c>, or the <c>tokens</c> row of a
/// PostgreSQL store's <c>access</c> table): what a new token may be, how many a list holds, what revoking, forgetting
/// and pruning do. Each change works on the list as read under the keeper's lock and returns the list to write.</summary>
internal static class TokenList
{
    /// <summary>A new token's record, or why it may not be made.</summary>
    public static Result<TokenRecord> NewRecord(HubRole role, WorkerId? worker, TimeSpan? expiresIn, string? label, DateTimeOffset now)
    {
        if (worker is not null && role != HubRole.Worker)
        {
            return Result<TokenRecord>.Fail(ErrorCode.BadRequest, "--worker binds a worker token to a name; it needs --role worker");
        }
        if (expiresIn is { } span && span <= TimeSpan.Zero)
        {
            return Result<TokenRecord>.Fail(ErrorCode.BadRequest, "--expires must be positive");
        }
        return new TokenRecord
        {
            Id = HubToken.NewId(),
            Role = role.ToName(),
            Worker = worker?.Value,
            Label = string.IsNullOrWhiteSpace(label) ? null : label.Trim(),
            CreatedAt = now,
            ExpiresAt = expiresIn is { } e ? now + e : null,
        };
    }

    /// <summary>Adds <paramref name="record"/>; a full list first drops its expired tokens.</summary>
    public static Result<List<TokenRecord>> Add(List<TokenRecord> list, TokenRecord record, DateTimeOffset now)
    {
        if (list.Count >= TokenRegistry.MaxTokens)
        {
            // Full: expired tokens work no more, so they make room first.
            list.RemoveAll(t => t.ExpiresAt <= now);
        }
        if (list.Count >= TokenRegistry.MaxTokens)
        {
            return Result<List<TokenRecord>>.Fail(ErrorCode.LimitExceeded,
                $"the token list holds {list.Count} tokens (at most {TokenRegistry.MaxTokens}); revoke some, then run 'baton token prune'");
        }
        list.Add(record);
        return list;
    }

    /// <summary>Marks token <paramref name="id"/> revoked (once: a second revoke keeps the first instant).</summary>
    public static Result<TokenRecord> Revoke(List<TokenRecord> list, string id, DateTimeOffset now)
    {
        var index = list.FindIndex(t => t.Id == id);
        if (index < 0)
        {
            return Result<TokenRecord>.Fail(ErrorCode.NotFound,
                id == HubToken.LocalId
                    ? "the local token cannot be revoked alone; 'baton token rotate' replaces the key and so every token"
                    : $"no token \"{id}\" (see 'baton token list')");
        }
        var revoked = list[index].RevokedAt is null ? list[index] with { RevokedAt = now } : list[index];
        list[index] = revoked;
        return revoked;
    }

    /// <summary>Removes these tokens; how many were there.</summary>
    public static int Forget(List<TokenRecord> list, IReadOnlyCollection<string> ids) => list.RemoveAll(t => ids.Contains(t.Id));

    /// <summary>Drops revoked and expired tokens; how many.</summary>
    public static int Prune(List<TokenRecord> list, DateTimeOffset now) => list.RemoveAll(t => t.RevokedAt is not null || t.ExpiresAt <= now);

    /// <summary>The list as <c>tokens.json</c> holds it.</summary>
    public static byte[] Serialize(IReadOnlyList<TokenRecord> list)
        => JsonSerializer.SerializeToUtf8Bytes(new TokenFile { Tokens = list }, AccessJsonContext.Default.TokenFile);

    /// <summary>Reads a list written by <see cref="Serialize"/>; <paramref name="where"/> names its home in the error.</summary>
    public static List<TokenRecord> Parse(ReadOnlySpan<byte> json, string where)
    {
        try
        {
            return [.. JsonSerializer.Deserialize(json, AccessJsonContext.Default.TokenFile)?.Tokens ?? []];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{where} is not a Baton token list: {ex.Message}", ex);
        }
    }
}
