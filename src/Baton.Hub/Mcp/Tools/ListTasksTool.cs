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
                "ready_only": { "type": "boolean", "description": "Only tasks a worker could claim right now." },
                "limit": { "type": "integer", "minimum": 1, "maximum": 1000, "description": "At most this many tasks, in plan order. Default 100." },
                "full": { "type": "boolean", "description": "Whole tasks (description, context, acceptance, files) instead of one line each. Default false." }
              },
              "additionalProperties": false
            }
            """),
        OutputSchema = ToolSchema.Output(("tasks", "array")),
        Annotations = ToolHints.ReadOnly,
    };

    public async Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var stateText = call.Arguments.OptionalString("state");
        var readyOnly = call.Arguments.OptionalBool("ready_only");
        var limit = call.Arguments.OptionalInt("limit", 1, MaxLimit);
        var full = call.Arguments.OptionalBool("full");
        if ((ToolResults.ErrorOf(stateText) ?? ToolResults.ErrorOf(readyOnly) ?? ToolResults.ErrorOf(limit) ?? ToolResults.ErrorOf(full)) is { } bad)
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
        if (!listed.IsOk)
        {
            return ToolResults.Error(listed.Error);
        }
        // Every task's body in every listing would fill a chat's context on a big plan: one line each by default,
        // and a bounded number of them; the total says how many more there are.
        var all = listed.Value;
        IReadOnlyList<TaskItem> shown = all.Count > (limit.Value ?? DefaultLimit) ? [.. all.Take(limit.Value ?? DefaultLimit)] : all;
        var listing = McpText.TaskList(shown) + (shown.Count < all.Count ? $"\n... and {all.Count - shown.Count} more (raise limit, or filter by state)" : "");
        var json = full.Value == true
            ? ToolResults.Wrap("tasks", shown, BatonJsonContext.Default.IReadOnlyListTaskItem, all.Count)
            : ToolResults.Wrap("tasks", [.. shown.Select(TaskRow.Of)], McpJsonContext.Default.IReadOnlyListTaskRow, all.Count);
        return ToolResults.Ok(listing, json);
    }

    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;
}
