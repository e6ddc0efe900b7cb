using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Protocol;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp.Tools;

/// <summary><c>claim_task</c>: lease the next ready task, holding the call open until one arrives.</summary>
internal sealed class ClaimTaskTool : IMcpTool
{
    // Under the 60 s after which common clients (the TypeScript SDK) give up on a request: a longer default would
    // leave the call waiting for a client that has gone. A client that allows more passes wait_seconds.
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(50);
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(3600);

    public Tool Definition { get; } = new()
    {
        Name = "claim_task",
        Title = "Claim the next task (worker)",
        Description = """
            Worker: take the next ready task. Blocks until a task is ready or wait_seconds pass (default 50, at
            most 3600; stay under your client's tool-call timeout), so call it whenever you are free and it hands
            you work as soon as there is some. Returns
            the task in full (description, context, files you may change, acceptance criteria), your lease and its
            expiry, and what earlier attempts by other workers did and why they ended: read those first. You then
            hold the task: call heartbeat during long work and report_task when finished. When nothing is ready in
            time it returns the error no_task: call claim_task again to keep waiting, or call status to see whether
            the plan is complete.
            """,
        InputSchema = ToolSchema.Parse($$"""
            {
              "type": "object",
              "properties": {
                {{ToolSchema.WorkerProperty}},
                "wait_seconds": {
                  "type": "number",
                  "minimum": 0,
                  "description": "How long to wait for a task when none is ready. Default 50 (under the 60 s many clients allow a call), capped at 3600; 0 answers at once."
                },
                "lease": {
                  "type": "string",
                  "description": "How long you may hold the task before you must heartbeat, e.g. \"10m\", \"30m\", \"1h\". Default: the task's, else the server's (10m)."
                }
              },
              "additionalProperties": false
            }
            """),
        Annotations = ToolHints.Changes,
    };

    public async Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var worker = call.Worker();
        var wait = call.Arguments.OptionalSeconds("wait_seconds");
        var lease = call.Arguments.OptionalDuration("lease");
        if ((ToolResults.ErrorOf(worker) ?? ToolResults.ErrorOf(wait) ?? ToolResults.ErrorOf(lease)) is { } bad)
        {
            return bad;
        }
        var request = new ClaimRequest
        {
            Worker = worker.Value,
            Wait = wait.Value is { } w ? (w > MaxWait ? MaxWait : w) : DefaultWait,
            Lease = lease.Value,
        };
        var claimed = await call.Api.ClaimAsync(request, cancellationToken);
        if (!claimed.IsOk)
        {
            return claimed.Error.Code == ErrorCode.NoTask
                ? ToolResults.Error(claimed.Error, await NoTaskHintAsync(call, cancellationToken))
                : ToolResults.Error(claimed.Error);
        }
        return ToolResults.Ok(McpText.Assignment(claimed.Value, call.Time.GetUtcNow()), claimed.Value, BatonJsonContext.Default.Assignment);
    }

    // A worker loop ends when the plan does: say so, rather than let the model wait again for nothing.
    private static async Task<string> NoTaskHintAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var status = await call.Api.StatusAsync(cancellationToken);
        return status.IsOk && status.Value.Complete
            ? "The plan is complete: every task is finished. There is nothing left to do."
            : "Nothing is ready for you yet. Call claim_task again to keep waiting, or call status to see what the open tasks wait on.";
    }
}
