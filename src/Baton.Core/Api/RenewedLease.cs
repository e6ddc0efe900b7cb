using Baton.Core.Tasks;

namespace Baton.Core.Api;

/// <summary>One lease renewed by a heartbeat.</summary>
public sealed record RenewedLease
{
    /// <summary>The task.</summary>
    public required TaskId TaskId { get; init; }

    /// <summary>The lease.</summary>
    public required LeaseId LeaseId { get; init; }

    /// <summary>Its new expiry.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
