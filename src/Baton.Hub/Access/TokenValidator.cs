using System.Globalization;
using Baton.Core.Access;
using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Hub.Access;

/// <summary>
/// Checks a bearer token against the hub's key and token list. The key and the list are read again when their files
/// change (a PostgreSQL store's: every second), so a rotated key or a revoked token takes effect at the next request
/// (within a second or two) without a restart.
/// </summary>
public sealed class TokenValidator
{
    /// <summary>What a request without a token is told.</summary>
    public const string MissingTokenHelp =
        "no token: send 'Authorization: Bearer <token>' (the CLI and 'baton mcp' on the hub's machine find the repository's token in .baton/ themselves; elsewhere set BATON_TOKEN or --token; see docs/security.md)";

    private readonly IAccessView _access;
    private readonly TimeProvider _time;

    /// <summary>A validator for the hub whose key and token list are in <paramref name="directory"/>; makes the key
    /// when there is none (the hub's first start).</summary>
    public TokenValidator(string directory, TimeProvider time)
        : this(new FileAccessView(directory, time), time)
    {
    }

    internal TokenValidator(IAccessView access, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(time);
        _access = access;
        _time = time;
    }

    /// <summary>Who the token speaks for, or why it is refused (<see cref="ErrorCode.Unauthorized"/>).</summary>
    public Result<Caller> Validate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Result<Caller>.Fail(ErrorCode.Unauthorized, MissingTokenHelp);
        }
        if (!HubToken.TryParse(token, out var id, out var secret))
        {
            return Result<Caller>.Fail(ErrorCode.Unauthorized, $"the token is not a Baton token (expected {HubToken.Prefix}<id>.<secret>)");
        }
        if (!HubToken.Verify(_access.Key(), id, secret))
        {
            return Result<Caller>.Fail(ErrorCode.Unauthorized,
                "the token is not valid for this hub (made for another hub, or before its key was rotated)");
        }
        if (id == HubToken.LocalId)
        {
            return new Caller(id, HubRole.Coordinator, null, null);
        }
        if (_access.Find(id) is not { } record)
        {
            return Result<Caller>.Fail(ErrorCode.Unauthorized, $"token {id} is not in this hub's token list (see 'baton token list')");
        }
        return Check(record);
    }

    private Result<Caller> Check(TokenRecord record)
    {
        var now = _time.GetUtcNow();
        if (record.RevokedAt is { } revoked)
        {
            return Result<Caller>.Fail(ErrorCode.Unauthorized, $"token {record.Id} was revoked at {Stamp(revoked)}");
        }
        if (record.ExpiresAt is { } expires && expires <= now)
        {
            return Result<Caller>.Fail(ErrorCode.Unauthorized, $"token {record.Id} expired at {Stamp(expires)}");
        }
        if (!HubRoles.TryParse(record.Role, out var role))
        {
            return Result<Caller>.Fail(ErrorCode.Unauthorized, $"token {record.Id} has an unknown role \"{record.Role}\" in {_access.ListLocation}");
        }
        return new Caller(record.Id, role, record.Worker is { } w ? new WorkerId(w) : null, record.ExpiresAt);
    }

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
