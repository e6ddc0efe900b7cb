using Baton.Core.Api;
using Baton.Core.Protocol;
using Baton.Core.Tasks;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp.Tools;

/// <summary><c>release_task</c>: give a held task back to ready.</summary>
internal sealed class ReleaseTaskTool : IMcpTool
{
    public Tool Definition { get; } = new()
    {
        Name = "release_task",
        Title = "Release a task",
        Description = """
            Give a task you hold back unfinished, saying why. Tried and failed, or need a human: report_task instead.
            """,
        InputSchema = ToolSchema.Parse($$"""
            {
              "type": "object",
              "properties": {
                "task_id": { "type": "string" },
                {{ToolSchema.WorkerProperty}},
                "reason": { "type": "string", "description": "Why, for the next worker." }
              },
              "required": ["task_id"],
              "additionalProperties": false
            }
            """),
        OutputSchema = ToolSchema.Output(("id", "string"), ("state", "string")),
        Annotations = ToolHints.Destructive,
    };

    public async Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var taskId = call.Arguments.RequiredString("task_id");
        var worker = call.Worker();
        var reason = call.Arguments.OptionalString("reason");
        if ((ToolResults.ErrorOf(taskId) ?? ToolResults.ErrorOf(worker) ?? ToolResults.ErrorOf(reason)) is { } bad)
        {
            return bad;
        }
        var request = new ReleaseRequest { TaskId = new TaskId(taskId.Value), Worker = worker.Value, Reason = reason.Value };
        var released = await call.Api.ReleaseAsync(request, cancellationToken);
        return released.IsOk
            ? ToolResults.Ok(McpText.Released(released.Value), released.Value, BatonJsonContext.Default.TaskItem)
            : ToolResults.Error(released.Error);
    }
}
