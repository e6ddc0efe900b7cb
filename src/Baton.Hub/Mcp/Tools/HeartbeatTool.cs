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
        Title = "Heartbeat (worker)",
        Description = """
            Worker: say you are still working, renewing your lease so the task is not given to someone else.
            Call it every few minutes during long work, well before the lease expiry that claim_task showed, with a
            short note on your progress: if you are lost, the next worker sees the note. Returns each renewed lease
            with its new expiry. The error lease_not_held or lease_expired means the task is no longer yours: stop
            working on it and call claim_task.
            """,
        InputSchema = ToolSchema.Parse($$"""
            {
              "type": "object",
              "properties": {
                {{ToolSchema.WorkerProperty}},
                "task_id": { "type": "string", "minLength": 1, "description": "Renew only this task's lease. Default: all of your leases." },
                "note": { "type": "string", "description": "Progress so far, in a sentence." },
                "lease": { "type": "string", "description": "New lease length from now, e.g. \"30m\". Default: the lease's own length." }
              },
              "additionalProperties": false
            }
            """),
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
