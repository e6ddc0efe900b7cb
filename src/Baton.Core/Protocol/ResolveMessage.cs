using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>resolve</c>: the engineer's decision on an escalated task (one intervention).</summary>
public sealed record ResolveMessage : ProtocolMessage
{
    /// <summary>The escalated task.</summary>
    public required TaskId TaskId { get; init; }

    /// <summary>retry, done, cancel or edit.</summary>
    public required string Action { get; init; }

    /// <summary>New title (edit).</summary>
    public string? Title { get; init; }

    /// <summary>New description (retry or edit).</summary>
    public string? Description { get; init; }

    /// <summary>New context (retry or edit).</summary>
    public string? Context { get; init; }

    /// <summary>The engineer's note, shown to the next worker.</summary>
    public string? Note { get; init; }
}
