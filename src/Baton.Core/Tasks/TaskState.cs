using System.Text.Json.Serialization;

namespace Baton.Core.Tasks;

/// <summary>Where a task is in its life. Wire names are snake_case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskState>))]
public enum TaskState
{
    /// <summary>Waiting for its dependencies.</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    /// <summary>Can be claimed.</summary>
    [JsonStringEnumMemberName("ready")] Ready,
    /// <summary>Held by one worker under a live lease.</summary>
    [JsonStringEnumMemberName("leased")] Leased,
    /// <summary>A done report is being checked.</summary>
    [JsonStringEnumMemberName("checking")] Checking,
    /// <summary>Finished and accepted.</summary>
    [JsonStringEnumMemberName("done")] Done,
    /// <summary>Failed for good (no attempts left and no escalation asked).</summary>
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>Cancelled by the engineer or coordinator.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    /// <summary>Needs a human decision (attempts exhausted, blocked, conflict).</summary>
    [JsonStringEnumMemberName("escalated")] Escalated,
}
