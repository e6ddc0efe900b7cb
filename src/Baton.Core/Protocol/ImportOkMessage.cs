using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>import.ok</c>: what the import added.</summary>
public sealed record ImportOkMessage : ProtocolMessage
{
    /// <summary>The plan's name in the store.</summary>
    public required string Plan { get; init; }

    /// <summary>The new tasks' ids in plan order.</summary>
    public required IReadOnlyList<TaskId> Imported { get; init; }

    /// <summary>Findings that did not stop the import; empty when absent.</summary>
    public IReadOnlyList<string> Warnings
    {
        get => _warnings ?? [];
        init => _warnings = value;
    }

    private readonly IReadOnlyList<string>? _warnings;
}
