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
            report: lease_not_held or lease_expired means the task is no longer yours.
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
                "notes": { "type": "string", "description": "Anything else the coordinator should know; for blocked, the decision you need." }
              },
              "required": ["task_id", "outcome", "summary", "files", "context_score"],
              "additionalProperties": false
            }
            """),
        Annotations = ToolSchema.Changes,
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
        if ((ToolResults.ErrorOf(taskId) ?? ToolResults.ErrorOf(worker) ?? ToolResults.ErrorOf(outcomeText) ?? ToolResults.ErrorOf(summary)
            ?? ToolResults.ErrorOf(files) ?? ToolResults.ErrorOf(score) ?? ToolResults.ErrorOf(notes)) is { } bad)
        {
            return bad;
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
            IdempotencyKey = Guid.NewGuid().ToString("N"),
        };
        var reported = await call.Api.ReportAsync(request, cancellationToken);
        return reported.IsOk
            ? ToolResults.Ok(McpText.Reported(reported.Value), reported.Value, BatonJsonContext.Default.ReportResult)
            : ToolResults.Error(reported.Error);
    }
}
