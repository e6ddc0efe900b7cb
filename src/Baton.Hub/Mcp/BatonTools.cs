using Baton.Hub.Access;
using Baton.Hub.Mcp.Tools;

namespace Baton.Hub.Mcp;

/// <summary>
/// Every tool Baton serves over MCP, and which of them each role lists. A chat pays for every listed tool on every
/// turn, so a role lists only what it uses: a worker its lease tools and status, an observer the
/// reads, a coordinator everything (like the hub's roles, each includes what it may do). To add a tool, write an
/// <see cref="IMcpTool"/> under Tools/, add it to <see cref="All"/> and, when workers or observers use it, to their
/// lists here.
/// </summary>
internal static class BatonTools
{
    /// <summary>Every tool, in the order a coordinator lists them: plan tools, then worker tools.</summary>
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

    /// <summary>What a worker lists: its loop, then the one read it needs (whether the plan is done, what open tasks
    /// wait on). A claim already carries the task in full with its earlier attempts, so show_task is left out.</summary>
    public static IReadOnlyList<string> WorkerTools { get; } = ["claim_task", "heartbeat", "report_task", "release_task", "status"];

    /// <summary>What an observer lists: the reads.</summary>
    public static IReadOnlyList<string> ObserverTools { get; } = ["list_tasks", "show_task", "status", "wait_for_completion", "inbox"];

    /// <summary>The tools <paramref name="role"/> lists and may call, in listing order.</summary>
    public static IReadOnlyList<IMcpTool> For(HubRole role) => role switch
    {
        HubRole.Observer => Named(ObserverTools),
        HubRole.Worker => Named(WorkerTools),
        _ => All,
    };

    private static List<IMcpTool> Named(IReadOnlyList<string> names)
        => [.. names.Select(name => All.Single(t => t.Definition.Name == name))];
}
