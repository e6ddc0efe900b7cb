using Baton.Core.Protocol;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp.Tools;

/// <summary><c>create_tasks</c>: imports a plan, with the same validation and all-or-nothing rule as <c>baton task import</c>.</summary>
internal sealed class CreateTasksTool : IMcpTool
{
    public Tool Definition { get; } = new()
    {
        Name = "create_tasks",
        Title = "Create tasks",
        Description = """
            Add a plan of tasks for workers to claim. Write each task so a worker needs nothing else: description,
            context, files (globs of the only files it may change; tasks whose files overlap never run together),
            acceptance. Prefer independent tasks with disjoint files. All or nothing: invalid_plan lists every
            problem with its path; fix them all and call again.
            """,
        // Flat on purpose (no $ref, $defs or oneOf, which some clients flatten to a string): a guide for the model.
        // The plan parser is the authority: it takes everything a plan file may hold (a single string for a list,
        // a context object, "plan" for "name") and rejects unknown fields with their path, so the schema stays open.
        InputSchema = ToolSchema.Parse("""
            {
              "type": "object",
              "properties": {
                "name": { "type": "string" },
                "tasks": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "id": { "type": "string", "description": "Letters, digits, . _ -; other tasks name it in depends_on." },
                      "title": { "type": "string" },
                      "description": { "type": "string", "description": "What to do." },
                      "context": { "type": "string", "description": "Everything the worker needs to know." },
                      "context_files": { "type": "array", "items": { "type": "string" }, "description": "Files to read first." },
                      "files": { "type": "array", "items": { "type": "string" } },
                      "acceptance": {
                        "type": "array",
                        "description": "Text criteria, or checks: {\"check\": \"file_exists\"|\"not_empty\"|\"json_valid\", \"path\"}, {\"check\": \"contains\", \"path\", \"pattern\"}, {\"check\": \"command\", \"run\": \"dotnet test\"}, {\"check\": \"files_within\"}."
                      },
                      "depends_on": { "type": "array", "items": { "type": "string" } },
                      "priority": { "type": "integer", "description": "Higher first." },
                      "labels": { "type": "array", "items": { "type": "string" }, "description": "A worker must have them all." },
                      "max_attempts": { "type": "integer", "minimum": 1, "description": "Default 3." },
                      "lease": { "type": "string", "description": "e.g. \"30m\"." }
                    }
                  }
                }
              },
              "required": ["tasks"]
            }
            """),
        OutputSchema = ToolSchema.Output(("plan", "string"), ("imported", "array"), ("warnings", "array")),
        Annotations = ToolHints.Changes,
    };

    public async Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var imported = await call.Api.ImportAsync(call.Arguments.ToJsonObject(), cancellationToken);
        return imported.IsOk
            ? ToolResults.Ok(McpText.Imported(imported.Value), imported.Value, BatonJsonContext.Default.ImportResult)
            : ToolResults.Error(imported.Error);
    }
}
