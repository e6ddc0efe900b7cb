using Baton.Core.Protocol;
using Baton.Core.Tasks;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp.Tools;

/// <summary><c>show_task</c>: one task with its attempts, reports and events.</summary>
internal sealed class ShowTaskTool : IMcpTool
{
    public Tool Definition { get; } = new()
    {
        Name = "show_task",
        Title = "Show one task",
        Description = """
            One task in full: body, state, attempts, reports (summaries, files, notes), events.
            """,
        InputSchema = ToolSchema.Parse("""{ "type": "object", "properties": { "task_id": { "type": "string" } }, "required": ["task_id"], "additionalProperties": false }"""),
        OutputSchema = ToolSchema.Output(("task", "object"), ("reports", "array")),
        Annotations = ToolHints.ReadOnly,
    };

    public async Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var id = call.Arguments.RequiredString("task_id");
        if (!id.IsOk)
        {
            return ToolResults.Error(id.Error);
        }
        var shown = await call.Api.ShowTaskAsync(new TaskId(id.Value), cancellationToken);
        return shown.IsOk
            ? ToolResults.Ok(McpText.Detail(shown.Value), shown.Value, BatonJsonContext.Default.TaskDetail)
            : ToolResults.Error(shown.Error);
    }
}
