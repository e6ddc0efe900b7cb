using System.Text.Json;

namespace Baton.Core.Events;

/// <summary>An append-only record of one state change. Ids are store-wide and increasing.</summary>
public sealed record BatonEvent
{
    /// <summary>Store-wide number; a subscriber resumes after the last one it saw.</summary>
    public required long Id { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>What happened, e.g. <c>task.claimed</c> (see <see cref="EventTypes"/>).</summary>
    public required string Type { get; init; }

    /// <summary>The task concerned, if any.</summary>
    public string? TaskId { get; init; }

    /// <summary>The worker concerned, if any.</summary>
    public string? Worker { get; init; }

    /// <summary>The task's state after the change, for task events.</summary>
    public string? State { get; init; }

    /// <summary>A one-line human description.</summary>
    public string? Message { get; init; }

    /// <summary>Who made the change through a hub: the token's id and role (e.g. <c>t3f9a2c1d0e7b (worker)</c>);
    /// null for changes made in local mode or by the hub itself (lease expiry).</summary>
    public string? Actor { get; init; }

    /// <summary>Type-specific data.</summary>
    public JsonElement? Data { get; init; }
}
