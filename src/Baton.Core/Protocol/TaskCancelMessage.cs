using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>task.cancel</c>: cancels a task that is not finished.</summary>
public sealed record TaskCancelMessage : ProtocolMessage
{
    /// <summary>The task.</summary>
    public required TaskId TaskId { get; init; }

    /// <summary>Why.</summary>
    public string? Reason { get; init; }
}
