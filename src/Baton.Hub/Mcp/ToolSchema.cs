using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Hub.Mcp;

/// <summary>Input schemas written by hand as JSON (no reflection); the hints clients show beside a tool are <see cref="ToolHints"/>.</summary>
internal static class ToolSchema
{
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The names under the schema's <c>properties</c>: the arguments the tool takes. Null when the schema
    /// allows others (no <c>"additionalProperties": false</c>): the tool's own parser judges them, as create_tasks'
    /// plan parser does.</summary>
    public static IReadOnlyCollection<string>? PropertyNames(JsonElement schema)
    {
        if (!schema.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False)
        {
            return null;
        }
        return schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
            : [];
    }

    /// <summary>
    /// An output schema: an object whose named top-level fields have these JSON types. Deliberately shallow and
    /// open (nothing required, other fields allowed): the fields are the CLI's <c>--json</c> shapes, documented in
    /// docs/protocol.md, and an error's <c>{"error": ...}</c> must validate too, since clients check every result's
    /// <c>structuredContent</c> against it.
    /// </summary>
    public static JsonElement Output(params (string Name, string Type)[] fields)
    {
        var properties = new JsonObject();
        foreach (var (name, type) in fields)
        {
            properties[name] = new JsonObject { ["type"] = type };
        }
        return Parse(new JsonObject { ["type"] = "object", ["properties"] = properties }.ToJsonString());
    }

    /// <summary>The <c>worker</c> argument every worker tool takes; optional, and most clients never need it (the
    /// server knows the worker), so it has no description to pay for.</summary>
    public const string WorkerProperty = """
        "worker": { "type": "string" }
        """;
}
