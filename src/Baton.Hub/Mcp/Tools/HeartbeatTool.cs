using Baton.Core.Api;
using Baton.Core.Protocol;
using Baton.Core.Tasks;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp.Tools;

/// <summary><c>heartbeat</c>: the worker is alive; renew its leases.</summary>
internal sealed class HeartbeatTool : IMcpTool
{
    public Tool Definition { get; } = new()
    {
        Name = "heartbeat",
        Title = "Heartbeat",
        Description = """
            Renew your lease during long work, with a progress note for the next worker. lease_not_held or lease_expired:
            the task is no longer yours; stop.
            """,
        InputSchema = ToolSchema.Parse($$"""
            {
              "type": "object",
              "properties": {
                {{ToolSchema.WorkerProperty}},
                "task_id": { "type": "string", "description": "Only this task; default all of yours." },
                "note": { "type": "string", "description": "Progress so far." },
                "lease": { "type": "string", "description": "New lease length from now." }
              },
              "additionalProperties": false
            }
            """),
        OutputSchema = ToolSchema.Output(("renewed", "array")),
        Annotations = ToolHints.Repeatable,
    };

    public async Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var worker = call.Worker();
        var taskId = call.Arguments.OptionalString("task_id");
        var note = call.Arguments.OptionalString("note");
        var lease = call.Arguments.OptionalDuration("lease");
        if ((ToolResults.ErrorOf(worker) ?? ToolResults.ErrorOf(taskId) ?? ToolResults.ErrorOf(note) ?? ToolResults.ErrorOf(lease)) is { } bad)
        {
            return bad;
        }
        var request = new HeartbeatRequest
        {
            Worker = worker.Value,
            Task = string.IsNullOrWhiteSpace(taskId.Value) ? null : new TaskId(taskId.Value),
            Note = note.Value,
            Lease = lease.Value,
        };
        var renewed = await call.Api.HeartbeatAsync(request, cancellationToken);
        return renewed.IsOk
            ? ToolResults.Ok(McpText.Heartbeat(renewed.Value, worker.Value), renewed.Value, BatonJsonContext.Default.HeartbeatResult)
            : ToolResults.Error(renewed.Error);
    }
}
