using Microsoft.Extensions.Logging;

namespace Baton.Hub.Logging;

// Dashboard ids 2700-2799. Next free id: 2704.
internal static partial class HubLog
{
    [LoggerMessage(2700, LogLevel.Information, "Sign-in link for a {Role} page issued to {Actor}; it expires at {ExpiresAt}")]
    public static partial void LoginIssued(ILogger logger, string role, string actor, DateTimeOffset expiresAt);

    [LoggerMessage(2701, LogLevel.Information, "Page session {Session} ({Role}) signed in from {Remote}; it ends at {ExpiresAt}")]
    public static partial void PageSignedIn(ILogger logger, string session, string role, string remote, DateTimeOffset expiresAt);

    [LoggerMessage(2702, LogLevel.Warning, "Refused a sign-in link from {Remote}: unknown, used already or expired")]
    public static partial void LoginRefused(ILogger logger, string remote);

    [LoggerMessage(2703, LogLevel.Information, "Page session {Session} signed out from {Remote}")]
    public static partial void PageSignedOut(ILogger logger, string session, string remote);
}
