using System.Text.Json.Serialization;

namespace Baton.Core.Errors;

/// <summary>
/// Every expected failure Baton reports. Append-only: wire names are stable and documented in
/// docs/protocol.md; each maps to one CLI exit code (<see cref="ErrorCodes.ExitCode"/>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ErrorCode>))]
public enum ErrorCode
{
    /// <summary>A request or argument is malformed (exit 2).</summary>
    [JsonStringEnumMemberName("bad_request")] BadRequest,
    /// <summary>A plan failed validation; details list every problem with its JSON path (exit 2).</summary>
    [JsonStringEnumMemberName("invalid_plan")] InvalidPlan,
    /// <summary>A frame was not JSON, had no type, or an unknown type (exit 2).</summary>
    [JsonStringEnumMemberName("malformed_message")] MalformedMessage,
    /// <summary>The client speaks a protocol version the hub does not (exit 2).</summary>
    [JsonStringEnumMemberName("unsupported_protocol")] UnsupportedProtocol,
    /// <summary>There is no task to claim (exit 3).</summary>
    [JsonStringEnumMemberName("no_task")] NoTask,
    /// <summary>The caller's lease on the task has expired (exit 4).</summary>
    [JsonStringEnumMemberName("lease_expired")] LeaseExpired,
    /// <summary>The caller does not hold the task's live lease (exit 4).</summary>
    [JsonStringEnumMemberName("lease_not_held")] LeaseNotHeld,
    /// <summary>The task's state does not allow this transition (exit 4).</summary>
    [JsonStringEnumMemberName("illegal_transition")] IllegalTransition,
    /// <summary>The named task, worker or store does not exist (exit 5).</summary>
    [JsonStringEnumMemberName("not_found")] NotFound,
    /// <summary>The hub could not be reached (exit 6).</summary>
    [JsonStringEnumMemberName("hub_unreachable")] HubUnreachable,
    /// <summary>A bug or broken environment; the message says what (exit 1).</summary>
    [JsonStringEnumMemberName("internal_error")] InternalError,
    /// <summary>The id is already used by another task (exit 2).</summary>
    [JsonStringEnumMemberName("duplicate_id")] DuplicateId,
    /// <summary>A wait ran out of time before its condition held (exit 1).</summary>
    [JsonStringEnumMemberName("timeout")] Timeout,
    /// <summary>No token, or one that is wrong, expired or revoked (HTTP 401; exit 8).</summary>
    [JsonStringEnumMemberName("unauthorized")] Unauthorized,
    /// <summary>The caller's role (or worker binding) does not allow this; the message names what is needed (HTTP 403; exit 8).</summary>
    [JsonStringEnumMemberName("forbidden")] Forbidden,
    /// <summary>A request is over one of the hub's limits (size, count, length, range); the message names the limit (exit 2).</summary>
    [JsonStringEnumMemberName("limit_exceeded")] LimitExceeded,
}
