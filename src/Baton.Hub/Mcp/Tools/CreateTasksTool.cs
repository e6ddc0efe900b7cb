using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Protocol;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp.Tools;

/// <summary><c>create_tasks</c>: imports a plan, with the same validation and all-or-nothing rule as <c>baton task import</c>.</summary>
internal sealed class CreateTasksTool : IMcpTool
{
    private const string SchemaResource = "Baton.Hub.Mcp.task.schema.json";

    public Tool Definition { get; } = new()
    {
        Name = "create_tasks",
        Title = "Create tasks (coordinator)",
        Description = """
            Coordinator: add a plan of tasks for workers to claim. Pass {"tasks": [...]}, optionally with "name".
            Each task needs a title or description; give it an "id" so other tasks can name it in "depends_on".
            Write every task so a worker can do it without asking questions: "description" (what to do), "context"
            (everything the worker needs to know), "files" (globs of the only files it may change; tasks whose
            files overlap never run at the same time), "acceptance" (text, or machine checks such as
            {"check": "file_exists", "path": "..."} or {"check": "command", "run": "dotnet test"}), "depends_on",
            "priority" (higher first). Prefer independent tasks with disjoint files so workers run in parallel.
            All or nothing: when anything is wrong nothing is created and the error lists every problem with its
            JSON path; fix them all and call again. Returns the created task ids and any warnings.
            """,
        InputSchema = BuildSchema(),
        Annotations = ToolHints.Changes,
    };

    public async Task<CallToolResult> CallAsync(McpToolCall call, CancellationToken cancellationToken)
    {
        var imported = await call.Api.ImportAsync(call.Arguments.ToJsonObject(), cancellationToken);
        return imported.IsOk
            ? ToolResults.Ok(McpText.Imported(imported.Value), imported.Value, BatonJsonContext.Default.ImportResult)
            : ToolResults.Error(imported.Error);
    }

    /// <summary>The object branch of schema/task.schema.json with its <c>$defs</c>: MCP wants an object at the root,
    /// and the plan file's own schema stays the one definition of a task.</summary>
    private static JsonElement BuildSchema()
    {
        using var stream = typeof(CreateTasksTool).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"embedded resource {SchemaResource} is missing");
        var plan = JsonNode.Parse(stream)!.AsObject(); // Parse returns null only for the JSON literal null
        var objectForm = plan["oneOf"]!.AsArray()
            .Select(branch => branch!.AsObject())
            .Single(branch => (string?)branch["type"] == "object");
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "A plan: {\"tasks\": [...]}, following Baton's task schema.",
            ["properties"] = objectForm["properties"]!.DeepClone(),
            ["required"] = objectForm["required"]!.DeepClone(),
            ["additionalProperties"] = false,
            ["$defs"] = plan["$defs"]!.DeepClone(),
        };
        return ToolSchema.Parse(schema.ToJsonString());
    }
}
