using Baton.Core.Tasks;

namespace Baton.Hub.Access;

/// <summary>Who a request comes from: the token that authenticated it.</summary>
/// <param name="TokenId">The token's id (<c>local</c> for the repository's own token).</param>
/// <param name="Role">What the token may do.</param>
/// <param name="Worker">The worker the token is bound to; it may act under no other name. Null: any name.</param>
/// <param name="ExpiresAt">When the token stops working; null for never.</param>
public sealed record Caller(string TokenId, HubRole Role, WorkerId? Worker, DateTimeOffset? ExpiresAt)
{
    /// <summary>How events and logs name the caller: <c>token-id (role)</c>.</summary>
    public string Actor => $"{TokenId} ({Role.ToName()})";
}
