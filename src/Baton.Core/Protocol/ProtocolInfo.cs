namespace Baton.Core.Protocol;

/// <summary>Facts about the wire protocol that both ends agree on.</summary>
public static class ProtocolInfo
{
    /// <summary>The protocol version this build speaks (sent in <c>hello</c> and <c>welcome</c>).</summary>
    public const int Version = 1;

    /// <summary>The WebSocket path on the hub.</summary>
    public const string WebSocketPath = "/ws";

    /// <summary>The largest frame a client may send, in bytes: an import. Other frames are held to 1 MiB by default (the
    /// hub's <c>HubLimits</c>; docs/security.md).</summary>
    public const int MaxFrameBytes = 16 * 1024 * 1024;

    /// <summary>The roles a client may take.</summary>
    public static IReadOnlyList<string> Roles { get; } = [ClientRoles.Worker, ClientRoles.Coordinator, ClientRoles.Observer];
}
