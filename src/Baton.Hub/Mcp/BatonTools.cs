using Baton.Hub.Mcp.Tools;

namespace Baton.Hub.Mcp;

/// <summary>
/// Every tool Baton serves over MCP, in the order clients list them: coordinator tools, then worker tools.
/// To add a tool, write an <see cref="IMcpTool"/> under Tools/ and add it here.
/// </summary>
internal static class BatonTools
{
    public static IReadOnlyList<IMcpTool> All { get; } =
    [
        new CreateTasksTool(),
        new ListTasksTool(),
        new ShowTaskTool(),
        new StatusTool(),
        new WaitForCompletionTool(),
        new InboxTool(),
        new ResolveTool(),
        new ClaimTaskTool(),
        new HeartbeatTool(),
        new ReportTaskTool(),
        new ReleaseTaskTool(),
    ];
}
