using Baton.Core.Errors;

namespace Baton.Hub.Stores;

/// <summary>A store that cannot be opened for a reason the user can fix (a database that does not exist, a server
/// that does not answer, a refused password, a database without Baton's tables). The message names the store
/// (never its password); <see cref="Code"/> decides the CLI's exit code.</summary>
public sealed class StoreOpenException : Exception
{
    /// <summary>Makes one.</summary>
    public StoreOpenException(ErrorCode code, string message, Exception? inner)
        : base(message, inner)
    {
        Code = code;
    }

    /// <summary>What kind of failure: <see cref="ErrorCode.BadRequest"/> (no such database),
    /// <see cref="ErrorCode.HubUnreachable"/> (the server does not answer), <see cref="ErrorCode.Unauthorized"/>
    /// (refused credentials), <see cref="ErrorCode.NotFound"/> (no Baton store there yet).</summary>
    public ErrorCode Code { get; }
}
