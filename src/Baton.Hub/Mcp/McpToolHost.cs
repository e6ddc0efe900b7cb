using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Hub.Access;
using Baton.Hub.Logging;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp;

/// <summary>
/// Answers <c>tools/list</c> and <c>tools/call</c> for one <see cref="IBatonApi"/>, for stdio and HTTP alike.
/// The boundary for tool calls: argument problems and Baton errors become tool errors (<c>isError</c>), an
/// exception is logged and becomes internal_error, and the session carries on. One host serves one role: it lists
/// that role's tools (<see cref="BatonTools.For"/>) and refuses a call of any other Baton tool with forbidden.
/// </summary>
internal sealed class McpToolHost
{
    private readonly IBatonApi _api;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, (IMcpTool Tool, IReadOnlyCollection<string>? Arguments)> _tools;
    private readonly HashSet<string> _listed;

    public McpToolHost(IBatonApi api, TimeProvider time, ILogger logger, HubRole role = HubRole.Coordinator)
    {
        _api = api;
        _time = time;
        _logger = logger;
        Role = role;
        Tools = BatonTools.For(role);
        _tools = BatonTools.All.ToDictionary(t => t.Definition.Name, t => (t, ToolSchema.PropertyNames(t.Definition.InputSchema)), StringComparer.Ordinal);
        _listed = Tools.Select(t => t.Definition.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The role whose tools this host lists and serves.</summary>
    public HubRole Role { get; }

    public IReadOnlyList<IMcpTool> Tools { get; }

    public ListToolsResult List() => new() { Tools = [.. Tools.Select(t => t.Definition)] };

    /// <summary>Calls a tool. <paramref name="protocolVersion"/> is the version the client negotiated: one older than
    /// <see cref="ToolResults.StructuredContentVersion"/> also gets each result's JSON as a text block.</summary>
    public async ValueTask<CallToolResult> CallAsync(CallToolRequestParams? request, WorkerId? defaultWorker, string workerHint, string? protocolVersion, CancellationToken cancellationToken)
        => ToolResults.ForProtocol(await CallAsync(request, defaultWorker, workerHint, cancellationToken), protocolVersion);

    private async ValueTask<CallToolResult> CallAsync(CallToolRequestParams? request, WorkerId? defaultWorker, string workerHint, CancellationToken cancellationToken)
    {
        var name = request?.Name ?? "";
        if (!_tools.TryGetValue(name, out var entry))
        {
            // The specification answers an unknown tool with a protocol error (-32602), not a tool result; the SDK
            // turns only this exception into a JSON-RPC error reply.
            HubLog.McpToolRefused(_logger, name, "unknown_tool");
            throw new McpProtocolException($"unknown tool \"{name}\"; the tools are {string.Join(", ", _tools.Keys)}", McpErrorCode.InvalidParams);
        }
        if (NotListed(name) is { } notListed)
        {
            return Refused(name, notListed, ErrorCode.Forbidden);
        }
        HubLog.McpToolCalled(_logger, name);
        var arguments = new ToolArguments(request!.Arguments); // not null: a request with no name found no tool
        if (entry.Arguments is { } known && arguments.Unknown(known) is { } unknown)
        {
            return Refused(name, ToolResults.Error(unknown), unknown.Code);
        }
        var call = new McpToolCall
        {
            Arguments = arguments,
            Api = _api,
            Time = _time,
            DefaultWorker = defaultWorker,
            WorkerHint = workerHint,
        };
        try
        {
            var result = await entry.Tool.CallAsync(call, cancellationToken);
            if (result.IsError == true)
            {
                HubLog.McpToolRefused(_logger, name, FirstWord(result));
            }
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            HubLog.McpToolFailed(_logger, ex, name);
            return ToolResults.Error(ErrorCode.InternalError, $"internal error: {ex.GetType().Name}: {ex.Message}");
        }
    }

    // A tool the role does not list is refused like a call the role may not make, so stdio and HTTP agree.
    private CallToolResult? NotListed(string name)
        => _listed.Contains(name)
            ? null
            : ToolResults.Error(ErrorCode.Forbidden,
                $"{name} is not a tool of the {Role.ToName()} role, which has {string.Join(", ", _listed)}; "
                + $"start 'baton mcp --role {RoleFor(name).ToName()}', or on /mcp use a token with that role");

    private static HubRole RoleFor(string name)
        => BatonTools.ObserverTools.Contains(name) ? HubRole.Observer : BatonTools.WorkerTools.Contains(name) ? HubRole.Worker : HubRole.Coordinator;

    private CallToolResult Refused(string name, CallToolResult result, ErrorCode code)
    {
        HubLog.McpToolRefused(_logger, name, code.ToWire());
        return result;
    }

    private static string FirstWord(CallToolResult result)
        => result.Content.FirstOrDefault() is TextContentBlock { Text: var text } ? text.Split(':', 2)[0] : "error";
}
