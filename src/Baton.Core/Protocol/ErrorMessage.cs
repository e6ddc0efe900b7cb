using Baton.Core.Errors;

namespace Baton.Core.Protocol;

/// <summary><c>error</c>: a request failed, or a frame could not be read. The connection stays open.
/// Carries the request's id when one could be read.</summary>
public sealed record ErrorMessage : ProtocolMessage
{
    /// <summary>The stable error code (snake_case on the wire).</summary>
    public required ErrorCode Code { get; init; }

    /// <summary>One line naming what is wrong.</summary>
    public required string Message { get; init; }

    /// <summary>Further lines, e.g. every problem of a plan with its JSON path.</summary>
    public IReadOnlyList<string>? Details { get; init; }

    /// <summary>The error as a <see cref="BatonError"/>.</summary>
    public BatonError ToError() => BatonError.Of(Code, Message, Details);

    /// <summary>An error reply for a request.</summary>
    public static ErrorMessage From(BatonError error, long? id)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new() { Id = id, Code = error.Code, Message = error.Message, Details = error.Details };
    }
}
