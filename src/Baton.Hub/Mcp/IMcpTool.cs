using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp;

/// <summary>
/// One MCP tool over <see cref="Core.Api.IBatonApi"/>. Adding a tool is one class implementing this plus one
/// entry in <see cref="BatonTools.All"/>. A tool returns expected failures as tool errors
/// (<see cref="ToolResults"/>), never as exceptions.
/// </summary>
internal interface IMcpTool
{
    /// <summary>The name, the description for a model, and the JSON Schema of the input.</summary>
    Tool Definition { get; }

    Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken);
}
