using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>release.ok</c>: the task is back to ready.</summary>
public sealed record ReleaseOkMessage : ProtocolMessage
{
    /// <summary>The task after the release.</summary>
    public required TaskItem Task { get; init; }
}
