namespace Baton.Hub.Access;

/// <summary>One token made with <c>baton token create</c>: what it may do. The token itself is not kept (it is
/// derived from the hub's key and the id; see <see cref="Baton.Core.Access.HubToken"/>).</summary>
public sealed record TokenRecord
{
    /// <summary>The token's id, the part between <c>baton_</c> and the dot.</summary>
    public required string Id { get; init; }

    /// <summary>observer, worker or coordinator.</summary>
    public required string Role { get; init; }

    /// <summary>The worker a worker token is bound to; null: any name.</summary>
    public string? Worker { get; init; }

    /// <summary>A note saying whose or what for.</summary>
    public string? Label { get; init; }

    /// <summary>When it was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it stops working; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When it was revoked; null while it is not.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}
