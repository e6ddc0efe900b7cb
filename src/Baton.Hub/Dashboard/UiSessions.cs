using System.Security.Cryptography;
using System.Text;
using Baton.Hub.Access;

namespace Baton.Hub.Dashboard;

/// <summary>
/// The page's sign-in, the Jupyter way: a coordinator asks for a one-time link (<see cref="Issue"/>), the browser that
/// opens it trades it once, within <see cref="DashboardOptions.LoginLifetime"/>, for a session (<see cref="Redeem"/>)
/// whose secret lives only in an HttpOnly cookie. Both are kept in memory, so a hub restart ends every session; only
/// hashes of the secrets are kept, so a dump of the hub's memory names none of them. At most
/// <see cref="DashboardOptions.MaxSessions"/> of each: the one closest to its end gives way.
/// </summary>
internal sealed class UiSessions(DashboardOptions options, TimeProvider time)
{
    private const int SecretBytes = 32;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Ticket> _tickets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UiSession> _sessions = new(StringComparer.Ordinal);

    private sealed record Ticket(HubRole Role, string MintedBy, string MintingToken, DateTimeOffset ExpiresAt);

    /// <summary>A new one-time sign-in secret for a page with <paramref name="role"/>, asked for with
    /// <paramref name="mintingToken"/> (whose id is <paramref name="mintedBy"/>).</summary>
    public (string Secret, DateTimeOffset ExpiresAt) Issue(HubRole role, string mintedBy, string mintingToken)
    {
        var secret = NewSecret();
        var expires = time.GetUtcNow() + options.LoginLifetime;
        lock (_gate)
        {
            Prune(_tickets, t => t.ExpiresAt);
            _tickets[Hash(secret)] = new Ticket(role, mintedBy, mintingToken, expires);
        }
        return (secret, expires);
    }

    /// <summary>Trades a sign-in secret for a session: the new cookie secret and the session, or null when the secret
    /// is unknown, used already or expired (it is gone either way).</summary>
    public (string Secret, UiSession Session)? Redeem(string? once)
    {
        if (string.IsNullOrEmpty(once) || once.Length > 128)
        {
            return null;
        }
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_tickets.Remove(Hash(once), out var ticket) || ticket.ExpiresAt <= now)
            {
                return null;
            }
            var secret = NewSecret();
            var hash = Hash(secret);
            var session = new UiSession(hash[..8], ticket.Role, ticket.MintedBy, ticket.MintingToken, now + options.SessionLifetime);
            Prune(_sessions, s => s.ExpiresAt);
            _sessions[hash] = session;
            return (secret, session);
        }
    }

    /// <summary>The live session a cookie secret stands for; null when there is none (never made, ended, expired, or
    /// made by a hub that has restarted since).</summary>
    public UiSession? Find(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 128)
        {
            return null;
        }
        var hash = Hash(secret);
        lock (_gate)
        {
            if (!_sessions.TryGetValue(hash, out var session))
            {
                return null;
            }
            if (session.ExpiresAt <= time.GetUtcNow())
            {
                _sessions.Remove(hash);
                return null;
            }
            return session;
        }
    }

    /// <summary>Ends the session of a cookie secret (sign-out, or its token no longer holds).</summary>
    public void End(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }
        lock (_gate)
        {
            _sessions.Remove(Hash(secret));
        }
    }

    // Expired entries go first; when the table is still full, the one that would end soonest makes room.
    private void Prune<T>(Dictionary<string, T> table, Func<T, DateTimeOffset> expiresAt)
    {
        var now = time.GetUtcNow();
        foreach (var key in table.Where(e => expiresAt(e.Value) <= now).Select(e => e.Key).ToList())
        {
            table.Remove(key);
        }
        while (table.Count >= options.MaxSessions)
        {
            table.Remove(table.MinBy(e => expiresAt(e.Value)).Key);
        }
    }

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
