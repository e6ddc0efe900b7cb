using System.Text.Json;
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
        Title = "Report a task",
        Description = """
            Finish a task you hold: done (acceptance met; checks then run), failed (another worker retries, reading your
            summary) or blocked (needs a human; say what in notes). next: true also claims your next task.
            """,
        InputSchema = ToolSchema.Parse($$"""
            {
              "type": "object",
              "properties": {
                "task_id": { "type": "string" },
                {{ToolSchema.WorkerProperty}},
                "outcome": { "type": "string", "enum": ["done", "failed", "blocked"] },
                "summary": { "type": "string", "description": "What you did or tried." },
                "files": { "type": "array", "items": { "type": "string" }, "description": "Every file you changed; [] when none." },
                "context_score": { "type": "integer", "minimum": 1, "maximum": 5, "description": "Task context: 5 complete, 1 guessing." },
                "notes": { "type": "string" },
                "next": { "type": "boolean" },
                "next_wait_seconds": { "type": "number", "minimum": 0, "description": "With next: how long to wait; default 0." },
                "next_lease": { "type": "string", "description": "With next: lease length." }
              },
              "required": ["task_id", "outcome", "summary", "files", "context_score"],
              "additionalProperties": false
            }
            """),
        OutputSchema = ToolSchema.Output(("task", "object"), ("outcome", "string"), ("checks", "object"), ("next", "object"), ("no_next", "string")),
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
            ? ToolResults.Ok(McpText.Reported(reported.Value, call.Time.GetUtcNow()), Brief(reported.Value))
            : ToolResults.Error(reported.Error);
    }

    /// <summary>
    /// What the reporter needs back, not the whole task again (it just did it): the task's id, title and new state,
    /// the outcome, the checks' verdict (the failures' names and messages; their output goes to the next attempt),
    /// and the next task or why none came. <c>baton show</c>/<c>show_task</c> has the rest.
    /// </summary>
    internal static JsonElement Brief(ReportResult result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("task");
            writer.WriteString("id", result.Task.Id.Value);
            writer.WriteString("title", result.Task.Title);
            writer.WriteString("state", result.Task.State.ToWire());
            if (result.Task.StateReason is { } reason)
            {
                writer.WriteString("state_reason", reason);
            }
            writer.WriteEndObject();
            writer.WriteString("outcome", result.Report.Outcome.ToWire());
            writer.WriteNumber("attempt", result.Report.Attempt);
            if (result.Report.Late)
            {
                writer.WriteBoolean("late", true);
                if (result.Report.RefusedReason is { } refused)
                {
                    writer.WriteString("refused_reason", refused);
                }
            }
            if (result.Replayed)
            {
                writer.WriteBoolean("replayed", true);
            }
            if (result.Checks is { } checks)
            {
                writer.WriteStartObject("checks");
                writer.WriteBoolean("passed", checks.Passed);
                writer.WriteNumber("run", checks.Results.Count);
                writer.WriteStartArray("failed");
                foreach (var failure in checks.Failures)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", failure.Name);
                    writer.WriteString("message", failure.Message);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            if (result.Next is { } next)
            {
                writer.WritePropertyName("next");
                JsonSerializer.Serialize(writer, next, BatonJsonContext.Default.Assignment);
            }
            if (result.NoNext is { } noNext)
            {
                writer.WriteString("no_next", noNext);
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
