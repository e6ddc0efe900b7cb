using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>hello</c>: opens a session. Required before claim, heartbeat, report and release.
/// Saying hello again as the same worker after a reconnect keeps that worker's leases.</summary>
public sealed record HelloMessage : ProtocolMessage
{
    /// <summary>The protocol version the client speaks (<see cref="ProtocolInfo.Version"/>).</summary>
    public required int Protocol { get; init; }

    /// <summary>worker, coordinator or observer; worker when absent or empty. (A getter default, since the
    /// source-generated reader does not run initializers of init-only members.)</summary>
    public string Role
    {
        get => string.IsNullOrEmpty(_role) ? ClientRoles.Worker : _role;
        init => _role = value;
    }

    private readonly string? _role;

    /// <summary>The worker's name; required for the worker role.</summary>
    public WorkerId? Worker { get; init; }

    /// <summary>Tasks the worker may hold at once; unchanged when absent (default 1).</summary>
    public int? Capacity { get; init; }

    /// <summary>Labels the worker accepts; unchanged when absent.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>The worker's priority for this session's claims under the hub's <c>priority</c> policy
    /// (higher first); 0 when absent.</summary>
    public int? Priority { get; init; }

    /// <summary><c>persistent</c> or <c>ephemeral</c> (<see cref="SessionKinds"/>): whether the hub watches the worker
    /// through this connection and releases its leases when the connection is lost for good. Absent (null) means
    /// persistent.</summary>
    public string? Session { get; init; }

    /// <summary>The bearer token, for clients that cannot send an <c>Authorization</c> header on the upgrade (a
    /// browser). Either way a session serves nothing but hello until it has shown a valid token.</summary>
    public string? Token { get; init; }

    /// <summary>The last event id the client saw, when it resumes (informational; replay comes from subscribe).</summary>
    public long? LastEventId { get; init; }
}
