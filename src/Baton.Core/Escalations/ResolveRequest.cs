using Baton.Core.Tasks;

namespace Baton.Core.Escalations;

/// <summary>The engineer's decision on an escalated task. Each one counts as one intervention.</summary>
public sealed record ResolveRequest
{
    /// <summary>The escalated task.</summary>
    public required TaskId TaskId { get; init; }

    /// <summary>retry (back to ready with a fresh attempt budget), done (accept), cancel, or edit (retry with new text).</summary>
    public required string Action { get; init; }

    /// <summary>New title (edit).</summary>
    public string? Title { get; init; }

    /// <summary>New description (retry or edit).</summary>
    public string? Description { get; init; }

    /// <summary>New context (retry or edit).</summary>
    public string? Context { get; init; }

    /// <summary>The engineer's note, shown to the next worker.</summary>
    public string? Note { get; init; }

    /// <summary>The actions a resolution may take.</summary>
    public static IReadOnlyList<string> Actions { get; } = ["retry", "done", "cancel", "edit"];
}
