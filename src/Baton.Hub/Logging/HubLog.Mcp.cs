using Microsoft.Extensions.Logging;

namespace Baton.Hub.Logging;

// MCP tool ids 2400-2499. Next free id: 2403.
internal static partial class HubLog
{
    [LoggerMessage(2400, LogLevel.Debug, "MCP tool {ToolName} called")]
    public static partial void McpToolCalled(ILogger logger, string toolName);

    [LoggerMessage(2401, LogLevel.Debug, "MCP tool {ToolName} answered {ErrorCode}")]
    public static partial void McpToolRefused(ILogger logger, string toolName, string errorCode);

    [LoggerMessage(2402, LogLevel.Error, "MCP tool {ToolName} failed")]
    public static partial void McpToolFailed(ILogger logger, Exception exception, string toolName);
}
