using System.Text;
using Baton.Core.Protocol;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp.Tools;

/// <summary><c>inbox</c>: what needs the engineer.</summary>
internal sealed class InboxTool : IMcpTool
{
    public Tool Definition { get; } = new()
    {
        Name = "inbox",
        Title = "Escalations that need a human",
        Description = """
            List the tasks that need a human decision: attempts used up, blocked reports, conflicting edits,
            edits outside a task's files, checks that contradict each other. Each item has the reason, every
            attempt and report, the latest check output, the conflicting task and paths, and the choices
            (retry, done, cancel, edit). Show them to the engineer and call resolve with their decision.
            """,
        InputSchema = ToolSchema.Parse("""{ "type": "object", "properties": {}, "additionalProperties": false }"""),
        Annotations = ToolHints.ReadOnly,
    };

    public async Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var inbox = await call.Api.InboxAsync(cancellationToken);
        if (!inbox.IsOk)
        {
            return ToolResults.Error(inbox.Error);
        }
        var text = new StringBuilder();
        text.AppendLine(inbox.Value.Count == 0 ? "The inbox is empty: nothing needs the engineer." : $"{inbox.Value.Count} escalation(s):");
        foreach (var item in inbox.Value)
        {
            var e = item.Escalation;
            text.AppendLine($"- {e.TaskId} [{e.Kind}]: {e.Reason}"
                + (e.ConflictingTask is null ? "" : $" (conflicts with {e.ConflictingTask}, paths {string.Join(", ", e.Paths)})"));
        }
        // structuredContent must be an object (official clients refuse a bare array), so the list is wrapped.
        return ToolResults.Ok(text.ToString().TrimEnd(), ToolResults.Wrap("inbox", inbox.Value, BatonJsonContext.Default.IReadOnlyListInboxItem));
    }
}
