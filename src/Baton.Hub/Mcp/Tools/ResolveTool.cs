using Baton.Core.Escalations;
using Baton.Core.Protocol;
using Baton.Core.Tasks;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp.Tools;

/// <summary><c>resolve</c>: the engineer's decision on an escalated task.</summary>
internal sealed class ResolveTool : IMcpTool
{
    public Tool Definition { get; } = new()
    {
        Name = "resolve",
        Title = "Decide an escalated task",
        Description = """
            Apply the engineer's decision on an escalated task: retry (fresh attempts; may set description, context),
            edit (new title, description, context), done (accept the work) or cancel. Only with the engineer's decision.
            """,
        InputSchema = ToolSchema.Parse("""
            {
              "type": "object",
              "properties": {
                "task_id": { "type": "string" },
                "action": { "type": "string", "enum": ["retry", "done", "cancel", "edit"] },
                "title": { "type": "string" },
                "description": { "type": "string" },
                "context": { "type": "string" },
                "note": { "type": "string", "description": "Shown to the next worker." }
              },
              "required": ["task_id", "action"],
              "additionalProperties": false
            }
            """),
        OutputSchema = ToolSchema.Output(("id", "string"), ("state", "string")),
        Annotations = ToolHints.Destructive,
    };

    public async Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var id = call.Arguments.RequiredString("task_id");
        if (!id.IsOk)
        {
            return ToolResults.Error(id.Error);
        }
        var action = call.Arguments.RequiredString("action");
        if (!action.IsOk)
        {
            return ToolResults.Error(action.Error);
        }
        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in new[] { "title", "description", "context", "note" })
        {
            var text = call.Arguments.OptionalString(name);
            if (!text.IsOk)
            {
                return ToolResults.Error(text.Error);
            }
            texts[name] = text.Value;
        }
        var resolved = await call.Api.ResolveAsync(new ResolveRequest
        {
            TaskId = new TaskId(id.Value),
            Action = action.Value,
            Title = texts["title"],
            Description = texts["description"],
            Context = texts["context"],
            Note = texts["note"],
        }, cancellationToken);
        return resolved.IsOk
            ? ToolResults.Ok($"Resolved {resolved.Value.Id} ({action.Value}); it is now {resolved.Value.State.ToWire()}.", resolved.Value, BatonJsonContext.Default.TaskItem)
            : ToolResults.Error(resolved.Error);
    }
}
