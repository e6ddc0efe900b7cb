using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>release</c>: the worker gives a leased task back to ready.</summary>
public sealed record ReleaseMessage : ProtocolMessage
{
    /// <summary>The task.</summary>
    public required TaskId TaskId { get; init; }

    /// <summary>Why, for the next worker.</summary>
    public string? Reason { get; init; }

    /// <summary>The worker; defaults to the session's. Required in the HTTP API.</summary>
    public WorkerId? Worker { get; init; }
}
