using Baton.Hub.Access;

namespace Baton.Hub.Dashboard;

/// <summary>A signed-in page: what its cookie stands for.</summary>
/// <param name="ShortId">A few characters of the session's hash, naming it in the audit trail (never the secret).</param>
/// <param name="Role">The role the page acts with (observer or coordinator).</param>
/// <param name="MintedBy">The id of the token that asked for the sign-in link.</param>
/// <param name="MintingToken">That token itself: checked again at every request, so revoking it or rotating the key
/// ends the page's session too.</param>
/// <param name="ExpiresAt">When the session ends, however busy.</param>
internal sealed record UiSession(string ShortId, HubRole Role, string MintedBy, string MintingToken, DateTimeOffset ExpiresAt)
{
    /// <summary>How events and logs name the page: <c>local/ui-3fa9c2d1</c>.</summary>
    public string TokenId => $"{MintedBy}/ui-{ShortId}";
}
