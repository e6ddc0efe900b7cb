namespace Baton.Core.Errors;

/// <summary>Wire names and CLI exit codes of <see cref="ErrorCode"/>.</summary>
public static class ErrorCodes
{
    /// <summary>The CLI exit code for an error code (documented in README and docs/cli.md).</summary>
    public static int ExitCode(this ErrorCode code) => code switch
    {
        ErrorCode.BadRequest or ErrorCode.InvalidPlan or ErrorCode.MalformedMessage
            or ErrorCode.UnsupportedProtocol or ErrorCode.DuplicateId or ErrorCode.LimitExceeded => 2,
        ErrorCode.NoTask => 3,
        ErrorCode.LeaseExpired or ErrorCode.LeaseNotHeld or ErrorCode.IllegalTransition => 4,
        ErrorCode.NotFound => 5,
        ErrorCode.HubUnreachable => 6,
        ErrorCode.Unauthorized or ErrorCode.Forbidden => 8,
        _ => 1,
    };

    /// <summary>The stable snake_case wire name.</summary>
    public static string ToWire(this ErrorCode code) => code switch
    {
        ErrorCode.BadRequest => "bad_request",
        ErrorCode.InvalidPlan => "invalid_plan",
        ErrorCode.MalformedMessage => "malformed_message",
        ErrorCode.UnsupportedProtocol => "unsupported_protocol",
        ErrorCode.NoTask => "no_task",
        ErrorCode.LeaseExpired => "lease_expired",
        ErrorCode.LeaseNotHeld => "lease_not_held",
        ErrorCode.IllegalTransition => "illegal_transition",
        ErrorCode.NotFound => "not_found",
        ErrorCode.HubUnreachable => "hub_unreachable",
        ErrorCode.InternalError => "internal_error",
        ErrorCode.DuplicateId => "duplicate_id",
        ErrorCode.Timeout => "timeout",
        ErrorCode.Unauthorized => "unauthorized",
        ErrorCode.Forbidden => "forbidden",
        ErrorCode.LimitExceeded => "limit_exceeded",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "unknown error code"),
    };
}
