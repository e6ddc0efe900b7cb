using System.Text.Json.Serialization;

namespace Baton.Core.Tasks;

/// <summary>What a worker says happened when it stops working on a task.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReportOutcome>))]
public enum ReportOutcome
{
    /// <summary>The work is done and should be accepted.</summary>
    [JsonStringEnumMemberName("done")] Done,
    /// <summary>The attempt failed; the task may be retried.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>The worker cannot go on without a human decision.</summary>
    [JsonStringEnumMemberName("blocked")] Blocked,
}
