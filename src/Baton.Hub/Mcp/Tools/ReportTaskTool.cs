using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Protocol;
using Baton.Core.Tasks;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp.Tools;

/// <summary><c>report_task</c>: how the worker's work on a task ended.</summary>
internal sealed class ReportTaskTool : IMcpTool
{
    public Tool Definition { get; } = new()
    {
        Name = "report_task",
        Title = "Report a task (worker)",
        Description = """
            Worker: say how your work on a task you hold ended. outcome "done" when every acceptance criterion is
            met (machine checks then run and may send it back), "failed" when you could not do it (another attempt
            follows, and the next worker reads your summary), "blocked" when it needs a human decision (say what in
            notes). List every file you changed. context_score rates how complete the task's context was: 5 needed
            nothing else, 1 mostly guessing. Returns the task's new state. Only the holder of the live lease may
            report: lease_not_held or lease_expired means the task is no longer yours. With next true the same call
            also takes your next task, in the report's commit, and returns it in full as claim_task would (or says
            that none was ready within next_wait_seconds): one call per task instead of two.
            """,
        InputSchema = ToolSchema.Parse($$"""
            {
              "type": "object",
              "properties": {
                "task_id": { "type": "string", "minLength": 1, "description": "The task's id." },
                {{ToolSchema.WorkerProperty}},
                "outcome": { "type": "string", "enum": ["done", "failed", "blocked"], "description": "How the work ended." },
                "summary": { "type": "string", "minLength": 1, "description": "What you did (or tried), for the coordinator and any next worker." },
                "files": { "type": "array", "items": { "type": "string" }, "description": "Every file you changed, relative to the repository root; [] when none." },
                "context_score": { "type": "integer", "minimum": 1, "maximum": 5, "description": "How complete the task's context was: 1 (guessing) to 5 (needed nothing else)." },
                "notes": { "type": "string", "description": "Anything else the coordinator should know; for blocked, the decision you need." },
                "next": { "type": "boolean", "description": "Also take your next task in this call. Default false." },
                "next_wait_seconds": {
                  "type": "number",
                  "minimum": 0,
                  "description": "With next: how long to wait for a task when none is ready. Default 0 (answer at once), capped at 3600."
                },
                "next_lease": {
                  "type": "string",
                  "description": "With next: how long you may hold the next task before you must heartbeat, e.g. \"30m\". Default: the task's, else the server's."
                }
              },
              "required": ["task_id", "outcome", "summary", "files", "context_score"],
              "additionalProperties": false
            }
            """),
        Annotations = ToolHints.Changes,
    };

    public async Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var args = call.Arguments;
        var taskId = args.RequiredString("task_id");
        var worker = call.Worker();
        var outcomeText = args.RequiredString("outcome");
        var summary = args.RequiredString("summary");
        var files = args.OptionalStrings("files");
        var score = args.OptionalInt("context_score", 1, 5);
        var notes = args.OptionalString("notes");
        var next = args.OptionalBool("next");
        var nextWait = args.OptionalSeconds("next_wait_seconds");
        var nextLease = args.OptionalDuration("next_lease");
        if ((ToolResults.ErrorOf(taskId) ?? ToolResults.ErrorOf(worker) ?? ToolResults.ErrorOf(outcomeText) ?? ToolResults.ErrorOf(summary)
            ?? ToolResults.ErrorOf(files) ?? ToolResults.ErrorOf(score) ?? ToolResults.ErrorOf(notes) ?? ToolResults.ErrorOf(next)
            ?? ToolResults.ErrorOf(nextWait) ?? ToolResults.ErrorOf(nextLease)) is { } bad)
        {
            return bad;
        }
        if (next.Value != true && (nextWait.Value is not null || nextLease.Value is not null))
        {
            return ToolResults.Error(ErrorCode.BadRequest, "\"next_wait_seconds\" and \"next_lease\" go with \"next\": true");
        }
        if (!ReportOutcomes.TryParse(outcomeText.Value, out var outcome))
        {
            return ToolResults.Error(ErrorCode.BadRequest, $"\"outcome\" must be done, failed or blocked, not \"{outcomeText.Value}\"");
        }
        var request = new ReportRequest
        {
            TaskId = new TaskId(taskId.Value),
            Worker = worker.Value,
            Outcome = outcome,
            Summary = summary.Value,
            Files = files.Value ?? [],
            ContextScore = score.Value,
            Notes = notes.Value,
            // A client that retries a call after a lost reply must not report twice.
            // Time-ordered (version 7), so the store's index of keys grows at its end.
            IdempotencyKey = Guid.CreateVersion7().ToString("N"),
            Next = next.Value == true
                ? new ClaimRequest
                {
                    Worker = worker.Value,
                    Wait = nextWait.Value is { } w ? (w > ClaimTaskTool.MaxWait ? ClaimTaskTool.MaxWait : w) : null,
                    Lease = nextLease.Value,
                }
                : null,
        };
        var reported = await call.Api.ReportAsync(request, cancellationToken);
        return reported.IsOk
            ? ToolResults.Ok(McpText.Reported(reported.Value, call.Time.GetUtcNow()), reported.Value, BatonJsonContext.Default.ReportResult)
            : ToolResults.Error(reported.Error);
    }
}
