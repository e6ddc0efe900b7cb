namespace Baton.Core.Protocol;

/// <summary>Facts about the wire protocol that both ends agree on.</summary>
public static class ProtocolInfo
{
    /// <summary>The protocol version this build speaks (sent in <c>hello</c> and <c>welcome</c>).</summary>
    public const int Version = 1;

    /// <summary>The WebSocket path on the hub.</summary>
    public const string WebSocketPath = "/ws";

    /// <summary>The largest frame either end accepts, in bytes (a big plan fits; a runaway client does not).</summary>
    public const int MaxFrameBytes = 16 * 1024 * 1024;

    /// <summary>The roles a client may take.</summary>
    public static IReadOnlyList<string> Roles { get; } = [ClientRoles.Worker, ClientRoles.Coordinator, ClientRoles.Observer];
}
