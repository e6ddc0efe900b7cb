using System.Text.Json.Serialization;

namespace Baton.Hub.Mcp;

/// <summary>Source-generated JSON for the MCP tools' own result shapes (Core types go through BatonJsonContext).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ToolError))]
[JsonSerializable(typeof(WaitResult))]
[JsonSerializable(typeof(IReadOnlyList<TaskRow>))]
internal sealed partial class McpJsonContext : JsonSerializerContext;
