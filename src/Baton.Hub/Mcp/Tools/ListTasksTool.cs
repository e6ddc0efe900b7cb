using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Protocol;
using Baton.Core.Tasks;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp.Tools;

/// <summary><c>list_tasks</c>: tasks in plan order, optionally one state or only the claimable ones.</summary>
internal sealed class ListTasksTool : IMcpTool
{
    public Tool Definition { get; } = new()
    {
        Name = "list_tasks",
        Title = "List tasks",
        Description = """
            Tasks in plan order, one line each: state, holder, why it waits. show_task gives one in full.
            """,
        InputSchema = ToolSchema.Parse("""
            {
              "type": "object",
              "properties": {
                "state": {
                  "type": "string",
                  "enum": ["pending", "ready", "leased", "checking", "done", "failed", "cancelled", "escalated"],
                  "description": "Only tasks in this state."
                },
                "ready_only": { "type": "boolean", "description": "Only tasks a worker could claim right now." }
              },
              "additionalProperties": false
            }
            """),
        OutputSchema = ToolSchema.Output(("tasks", "array")),
        Annotations = ToolSchema.ReadOnly,
    };

    public async Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var stateText = call.Arguments.OptionalString("state");
        var readyOnly = call.Arguments.OptionalBool("ready_only");
        if ((ToolResults.ErrorOf(stateText) ?? ToolResults.ErrorOf(readyOnly)) is { } bad)
        {
            return bad;
        }
        TaskState? state = null;
        if (stateText.Value is { } text)
        {
            if (!TaskStates.TryParse(text, out var parsed))
            {
                return ToolResults.Error(ErrorCode.BadRequest,
                    $"unknown state \"{text}\"; expected one of {string.Join(", ", TaskStates.All.Select(s => s.ToWire()))}");
            }
            state = parsed;
        }
        var listed = await call.Api.ListTasksAsync(new TaskQuery { State = state, ReadyOnly = readyOnly.Value ?? false }, cancellationToken);
        return listed.IsOk
            ? ToolResults.Ok(McpText.TaskList(listed.Value), ToolResults.Wrap("tasks", listed.Value, BatonJsonContext.Default.IReadOnlyListTaskItem))
            : ToolResults.Error(listed.Error);
    }
}
