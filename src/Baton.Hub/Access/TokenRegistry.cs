using System.Text.Json;
using Baton.Core.Access;
using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Hub.Access;

/// <summary>
/// The tokens made for a hub, in <c>.baton/tokens.json</c> (owner-only, like the key): create, list, revoke.
/// Changes are written whole to a temporary file and renamed over the list, under a lock file, so a hub reading
/// it never sees half a list and two <c>baton token</c> calls never lose each other's change. A hub reads the list
/// again whenever the file changes (<see cref="Find"/>), so a revocation takes effect at the next request.
/// </summary>
public sealed class TokenRegistry
{
    /// <summary>The list's file name inside the store's directory.</summary>
    public const string FileName = "tokens.json";

    /// <summary>The most tokens a list holds (revoked ones count until <see cref="Prune"/> drops them).</summary>
    public const int MaxTokens = 10_000;

    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private (DateTime Written, long Length) _stamp;
    private Dictionary<string, TokenRecord> _byId = new(StringComparer.Ordinal);

    /// <summary>The list in <paramref name="directory"/> (the store's <c>.baton</c> folder).</summary>
    public TokenRegistry(string directory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(time);
        _directory = directory;
        _time = time;
    }

    private string ListPath => Path.Combine(_directory, FileName);

    /// <summary>Makes a token. Needs the hub's key, so only someone who can read it can mint one.</summary>
    public Result<(TokenRecord Record, string Token)> Create(ReadOnlySpan<byte> key, HubRole role, WorkerId? worker, TimeSpan? expiresIn, string? label)
    {
        if (worker is not null && role != HubRole.Worker)
        {
            return Result<(TokenRecord, string)>.Fail(ErrorCode.BadRequest, "--worker binds a worker token to a name; it needs --role worker");
        }
        if (expiresIn is { } span && span <= TimeSpan.Zero)
        {
            return Result<(TokenRecord, string)>.Fail(ErrorCode.BadRequest, "--expires must be positive");
        }
        var now = _time.GetUtcNow();
        var record = new TokenRecord
        {
            Id = HubToken.NewId(),
            Role = role.ToName(),
            Worker = worker?.Value,
            Label = string.IsNullOrWhiteSpace(label) ? null : label.Trim(),
            CreatedAt = now,
            ExpiresAt = expiresIn is { } e ? now + e : null,
        };
        var token = HubToken.Derive(key, record.Id);
        var changed = Change(list =>
        {
            if (list.Count >= MaxTokens)
            {
                // Full: expired tokens work no more, so they make room first.
                list.RemoveAll(t => t.ExpiresAt <= now);
            }
            if (list.Count >= MaxTokens)
            {
                return Result<List<TokenRecord>>.Fail(ErrorCode.LimitExceeded,
                    $"the token list holds {list.Count} tokens (at most {MaxTokens}); revoke some, then run 'baton token prune'");
            }
            list.Add(record);
            return list;
        });
        return changed.IsOk ? (record, token) : Result<(TokenRecord, string)>.Fail(changed.Error);
    }

    /// <summary>Every token made, revoked and expired ones included, oldest first.</summary>
    public IReadOnlyList<TokenRecord> List() => Read();

    /// <summary>Revokes a token: it stops working at the hub's next request.</summary>
    public Result<TokenRecord> Revoke(string id)
    {
        TokenRecord? revoked = null;
        var changed = Change(list =>
        {
            var index = list.FindIndex(t => t.Id == id);
            if (index < 0)
            {
                return Result<List<TokenRecord>>.Fail(ErrorCode.NotFound,
                    id == HubToken.LocalId
                        ? "the local token cannot be revoked alone; 'baton token rotate' replaces the key and so every token"
                        : $"no token \"{id}\" (see 'baton token list')");
            }
            revoked = list[index].RevokedAt is null ? list[index] with { RevokedAt = _time.GetUtcNow() } : list[index];
            list[index] = revoked;
            return list;
        });
        return changed.IsOk ? revoked! : Result<TokenRecord>.Fail(changed.Error); // set whenever the change succeeded
    }

    /// <summary>Removes these tokens from the list (those a run made for itself, at its end): they stop working at
    /// the hub's next request, and leave no record behind.</summary>
    public Result<int> Forget(IReadOnlyCollection<string> ids)
    {
        var forgotten = 0;
        var changed = Change(list =>
        {
            forgotten = list.RemoveAll(t => ids.Contains(t.Id));
            return list;
        });
        return changed.IsOk ? forgotten : Result<int>.Fail(changed.Error);
    }

    /// <summary>Drops revoked and expired tokens from the list; how many.</summary>
    public Result<int> Prune()
    {
        var now = _time.GetUtcNow();
        var dropped = 0;
        var changed = Change(list =>
        {
            dropped = list.RemoveAll(t => t.RevokedAt is not null || t.ExpiresAt <= now);
            return list;
        });
        return changed.IsOk ? dropped : Result<int>.Fail(changed.Error);
    }

    /// <summary>The record of a token id, read again when the file has changed since the last look.</summary>
    public TokenRecord? Find(string id)
    {
        var stamp = OwnerOnlyFile.Stamp(ListPath);
        lock (_gate)
        {
            if (stamp != _stamp)
            {
                _byId = Read().ToDictionary(t => t.Id, StringComparer.Ordinal);
                _stamp = stamp;
            }
            return _byId.GetValueOrDefault(id);
        }
    }

    private List<TokenRecord> Read()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(ListPath);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        try
        {
            return [.. JsonSerializer.Deserialize(bytes, AccessJsonContext.Default.TokenFile)?.Tokens ?? []];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{ListPath} is not a Baton token list: {ex.Message}", ex);
        }
    }

    private Result<List<TokenRecord>> Change(Func<List<TokenRecord>, Result<List<TokenRecord>>> change)
    {
        Directory.CreateDirectory(_directory);
        using var held = TakeLock();
        var changed = change(Read());
        if (!changed.IsOk)
        {
            return changed;
        }
        OwnerOnlyFile.Write(ListPath, file => JsonSerializer.Serialize(file, new TokenFile { Tokens = changed.Value }, AccessJsonContext.Default.TokenFile), replace: true);
        return changed;
    }

    /// <summary>An exclusive lock on <c>tokens.json.lock</c>, waited for up to 10 s.</summary>
    private FileStream TakeLock()
    {
        var path = ListPath + ".lock";
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(10);
        var spin = default(SpinWait);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (_time.GetUtcNow() < deadline)
            {
                spin.SpinOnce(sleep1Threshold: 10);
            }
        }
    }
}
