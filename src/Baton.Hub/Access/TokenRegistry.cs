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
        var now = _time.GetUtcNow();
        var record = TokenList.NewRecord(role, worker, expiresIn, label, now);
        if (!record.IsOk)
        {
            return Result<(TokenRecord, string)>.Fail(record.Error);
        }
        var token = HubToken.Derive(key, record.Value.Id);
        var changed = Change(list => TokenList.Add(list, record.Value, now));
        return changed.IsOk ? (record.Value, token) : Result<(TokenRecord, string)>.Fail(changed.Error);
    }

    /// <summary>Every token made, revoked and expired ones included, oldest first.</summary>
    public IReadOnlyList<TokenRecord> List() => Read();

    /// <summary>Revokes a token: it stops working at the hub's next request.</summary>
    public Result<TokenRecord> Revoke(string id)
    {
        TokenRecord? revoked = null;
        var changed = Change(list =>
        {
            var done = TokenList.Revoke(list, id, _time.GetUtcNow());
            revoked = done.IsOk ? done.Value : null;
            return done.IsOk ? list : Result<List<TokenRecord>>.Fail(done.Error);
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
            forgotten = TokenList.Forget(list, ids);
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
            dropped = TokenList.Prune(list, now);
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
        return TokenList.Parse(bytes, ListPath);
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
        OwnerOnlyFile.Write(ListPath, file => file.Write(TokenList.Serialize(changed.Value)), replace: true);
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
