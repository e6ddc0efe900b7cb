using Baton.Core.Tasks;

namespace Baton.Core.Api;

/// <summary>Which tasks to list.</summary>
public sealed record TaskQuery
{
    /// <summary>Only tasks in this state.</summary>
    public TaskState? State { get; init; }

    /// <summary>Only tasks that can be claimed now.</summary>
    public bool ReadyOnly { get; init; }

    /// <summary>Every task.</summary>
    public static TaskQuery All { get; } = new();
}
