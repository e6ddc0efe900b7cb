namespace Baton.Core.Errors;

/// <summary>An expected failure: a code, one line naming what is wrong, and optional details.</summary>
public sealed record BatonError
{
    /// <summary>The stable error code.</summary>
    public required ErrorCode Code { get; init; }

    /// <summary>One clear line naming what is wrong.</summary>
    public required string Message { get; init; }

    /// <summary>Further lines, e.g. every problem of a plan with its JSON path.</summary>
    public IReadOnlyList<string>? Details { get; init; }

    /// <summary>Shorthand for a new error.</summary>
    public static BatonError Of(ErrorCode code, string message, IReadOnlyList<string>? details = null)
        => new() { Code = code, Message = message, Details = details };
}
