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
            Plan progress: tasks per state, workers, what waiting tasks wait on, whether the plan is complete.
            """,
        InputSchema = ToolSchema.Parse("""{ "type": "object", "properties": {}, "additionalProperties": false }"""),
        OutputSchema = ToolSchema.Output(("counts", "object"), ("complete", "boolean")),
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
