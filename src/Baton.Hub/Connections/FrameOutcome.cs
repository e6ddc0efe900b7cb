namespace Baton.Hub.Connections;

/// <summary>How receiving one message ended.</summary>
internal enum FrameOutcome
{
    /// <summary>A whole message is in <see cref="FrameBuffer.Message"/>.</summary>
    Message,

    /// <summary>The client closed the connection.</summary>
    Closed,

    /// <summary>The message is longer than the hub takes (<see cref="Limits.HubLimits.MaxFrameBytes"/>, or for an import
    /// <see cref="Limits.HubLimits.MaxImportBytes"/>).</summary>
    TooBig,

    /// <summary>The message would pass what all connections may hold in large frames at once.</summary>
    Busy,
}
