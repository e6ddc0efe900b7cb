using Baton.Core.Protocol;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp.Tools;

/// <summary><c>status</c>: counts, progress, workers, completeness.</summary>
internal sealed class StatusTool : IMcpTool
{
    public Tool Definition { get; } = new()
    {
        Name = "status",
        Title = "Plan status",
        Description = """
            Progress of the whole plan: tasks per state, done out of total, whether the plan is complete, each
            worker (current task, health, done and failed counts) and what waiting tasks wait on. Cheap; call it
            whenever you need to decide what to do next. To block until tasks finish, use wait_for_completion.
            """,
        InputSchema = ToolSchema.Parse("""{ "type": "object", "properties": {}, "additionalProperties": false }"""),
        Annotations = ToolHints.ReadOnly,
    };

    public async Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var status = await call.Api.StatusAsync(cancellationToken);
        return status.IsOk
            ? ToolResults.Ok(McpText.Status(status.Value), status.Value, BatonJsonContext.Default.StatusSnapshot)
            : ToolResults.Error(status.Error);
    }
}
