using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp.Tools;

/// <summary>
/// <c>wait_for_completion</c>: blocks until the given tasks (default all) are finished or the timeout passes.
/// Looks at the tasks, then sleeps on the event stream and looks again after every batch of events, so it
/// wakes on the change that finishes the last task rather than on a poll.
/// </summary>
internal sealed class WaitForCompletionTool : IMcpTool
{
    // Under the 60 s after which common clients (the TypeScript SDK) give up on a request.
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(50);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(3600);
    private const int EventBatch = 500;

    public Tool Definition { get; } = new()
    {
        Name = "wait_for_completion",
        Title = "Wait for tasks",
        Description = """
            Block until the tasks (default all) are done, failed or cancelled, only escalated ones are left, or
            timeout_seconds pass. Use it after create_tasks instead of polling. Returns the finished, escalated and open
            tasks; call again to keep waiting.
            """,
        InputSchema = ToolSchema.Parse("""
            {
              "type": "object",
              "properties": {
                "task_ids": { "type": "array", "items": { "type": "string" }, "description": "Default: every task." },
                "timeout_seconds": { "type": "number", "minimum": 0, "description": "Default 50 (under clients' 60 s call limit), at most 3600; 0 looks once." }
              },
              "additionalProperties": false
            }
            """),
        OutputSchema = ToolSchema.Output(("complete", "boolean"), ("timed_out", "boolean"), ("finished", "array"), ("escalated", "array"), ("open", "array")),
        Annotations = ToolHints.ReadOnly,
    };

    public async Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var ids = call.Arguments.OptionalStrings("task_ids");
        var timeout = call.Arguments.OptionalSeconds("timeout_seconds");
        if ((ToolResults.ErrorOf(ids) ?? ToolResults.ErrorOf(timeout)) is { } bad)
        {
            return bad;
        }
        var deadline = call.Time.GetUtcNow() + (timeout.Value is { } t ? (t > MaxTimeout ? MaxTimeout : t) : DefaultTimeout);
        var wanted = ids.Value?.Select(id => new TaskId(id)).ToHashSet();

        // Read the newest event id before the first look, so a change between the look and the wait still wakes us.
        var status = await call.Api.StatusAsync(cancellationToken);
        if (!status.IsOk)
        {
            return ToolResults.Error(status.Error);
        }
        var after = status.Value.LastEventId;
        while (true)
        {
            var seen = await LookAsync(call.Api, wanted, cancellationToken);
            if (!seen.IsOk)
            {
                return ToolResults.Error(seen.Error);
            }
            var remaining = deadline - call.Time.GetUtcNow();
            if (seen.Value.Open.Count == 0 || remaining <= TimeSpan.Zero)
            {
                var result = seen.Value with { TimedOut = seen.Value.Open.Count > 0 };
                return ToolResults.Ok(McpText.Wait(result), result, McpJsonContext.Default.WaitResult);
            }
            var events = await call.Api.ReadEventsAsync(after, EventBatch, remaining, cancellationToken);
            if (!events.IsOk)
            {
                return ToolResults.Error(events.Error);
            }
            if (events.Value.Count > 0)
            {
                after = events.Value[^1].Id;
            }
        }
    }

    private static async Task<Result<WaitResult>> LookAsync(IBatonApi api, HashSet<TaskId>? wanted, CancellationToken cancellationToken)
    {
        var listed = await api.ListTasksAsync(TaskQuery.All, cancellationToken);
        if (!listed.IsOk)
        {
            return Result<WaitResult>.Fail(listed.Error);
        }
        var tasks = wanted is null ? listed.Value : listed.Value.Where(t => wanted.Contains(t.Id)).ToList();
        if (wanted is not null && tasks.Count < wanted.Count)
        {
            var missing = wanted.Except(tasks.Select(t => t.Id)).Select(id => id.Value).Order(StringComparer.Ordinal);
            return Result<WaitResult>.Fail(ErrorCode.NotFound, $"no task {string.Join(", ", missing)}");
        }
        return new WaitResult
        {
            Complete = tasks.Count > 0 && tasks.All(t => t.State.IsFinished()),
            TimedOut = false,
            Finished = tasks.Where(t => t.State.IsFinished()).Select(TaskBrief.Of).ToList(),
            Escalated = tasks.Where(t => t.State == TaskState.Escalated).Select(TaskBrief.Of).ToList(),
            Open = tasks.Where(t => !t.State.IsFinished() && t.State != TaskState.Escalated).Select(TaskBrief.Of).ToList(),
        };
    }
}
