namespace Baton.Hub.Dashboard;

/// <summary>How the hub's page (<c>/</c>, opened by <c>baton ui</c>) signs people in. Checked when the hub starts.</summary>
public sealed class DashboardOptions
{
    /// <summary>How long a one-time sign-in link (<c>/login?once=…</c>) may wait before it is used. Default 2 minutes:
    /// long enough to paste it into a browser, short enough that a link seen later (a shell history, a process list)
    /// has expired.</summary>
    public TimeSpan LoginLifetime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a page session lasts from sign-in, however busy it is. Default 12 hours. Sessions also end
    /// when the hub stops (they are kept in its memory only) and when the token that opened them stops working.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Page sessions and unused sign-in links held at once, each; the oldest gives way. Default 256.</summary>
    public int MaxSessions { get; init; } = 256;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LoginLifetime, TimeSpan.Zero, nameof(LoginLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SessionLifetime, TimeSpan.Zero, nameof(SessionLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSessions, 1, nameof(MaxSessions));
    }
}
