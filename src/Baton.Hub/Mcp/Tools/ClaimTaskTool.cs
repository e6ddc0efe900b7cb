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
        Title = "Claim a task",
        Description = """
            Take the next ready task, waiting up to wait_seconds (default 50) for one. Returns the task (description, context, files
            you may change, acceptance), your lease and earlier attempts: read those first. no_task: none came in time; call
            again unless it says the plan is complete.
            """,
        InputSchema = ToolSchema.Parse($$"""
            {
              "type": "object",
              "properties": {
                {{ToolSchema.WorkerProperty}},
                "wait_seconds": { "type": "number", "minimum": 0, "description": "Default 50 (under clients' 60 s call limit), at most 3600; 0 answers at once." },
                "lease": { "type": "string", "description": "Lease length, e.g. \"30m\"." }
              },
              "additionalProperties": false
            }
            """),
        OutputSchema = ToolSchema.Output(("task", "object"), ("lease", "object"), ("history", "array")),
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
