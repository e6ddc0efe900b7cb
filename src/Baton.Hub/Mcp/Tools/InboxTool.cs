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
        Title = "Inbox",
        Description = """
            Escalated tasks that need the engineer: why, attempts, reports, check output, conflicts and choices. Show them
            to the engineer, then resolve with their decision.
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
