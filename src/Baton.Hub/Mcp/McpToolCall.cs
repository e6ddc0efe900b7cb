using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Hub.Mcp;

/// <summary>What a tool gets for one call: its arguments, the API, the clock and the caller's default worker.</summary>
internal sealed class McpToolCall
{
    public required ToolArguments Arguments { get; init; }

    public required IBatonApi Api { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>The worker when the call names none: <c>--worker</c>/<c>BATON_WORKER</c> (stdio) or the
    /// <c>X-Baton-Worker</c> header / <c>?worker=</c> query (HTTP).</summary>
    public WorkerId? DefaultWorker { get; init; }

    /// <summary>How the caller can set a default worker, for the error when there is none.</summary>
    public required string WorkerHint { get; init; }

    /// <summary>The <c>worker</c> argument, else the default; a bad_request naming every way to set one when neither is there.</summary>
    public Result<WorkerId> Worker()
    {
        var named = Arguments.OptionalString(ToolArguments.WorkerName);
        if (!named.IsOk)
        {
            return Result<WorkerId>.Fail(named.Error);
        }
        if (!string.IsNullOrWhiteSpace(named.Value))
        {
            return new WorkerId(named.Value.Trim());
        }
        return DefaultWorker is { } worker
            ? worker
            : Result<WorkerId>.Fail(ErrorCode.BadRequest, $"no worker name: pass \"worker\", or {WorkerHint}");
    }
}
