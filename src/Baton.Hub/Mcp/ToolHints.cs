using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp;

/// <summary>
/// The annotations clients show beside a tool and use to decide what needs the user's approval. Every tool says
/// all four: whether it changes anything, whether it may undo or drop work (destructive), whether calling it twice
/// with the same arguments does no more than once (idempotent), and that it touches nothing outside Baton.
/// </summary>
internal static class ToolHints
{
    /// <summary>Reads, observes, changes nothing.</summary>
    public static ToolAnnotations ReadOnly => new() { ReadOnlyHint = true, DestructiveHint = false, IdempotentHint = true, OpenWorldHint = false };

    /// <summary>Adds or moves work forward; a second identical call does something again (or is refused).</summary>
    public static ToolAnnotations Changes => new() { ReadOnlyHint = false, DestructiveHint = false, IdempotentHint = false, OpenWorldHint = false };

    /// <summary>Changes state, but repeating the call changes nothing more (a heartbeat renews to the same end).</summary>
    public static ToolAnnotations Repeatable => new() { ReadOnlyHint = false, DestructiveHint = false, IdempotentHint = true, OpenWorldHint = false };

    /// <summary>May drop work: a released lease, a cancelled task.</summary>
    public static ToolAnnotations Destructive => new() { ReadOnlyHint = false, DestructiveHint = true, IdempotentHint = false, OpenWorldHint = false };
}
