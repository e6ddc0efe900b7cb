using System.Text.Json;

namespace Baton.Hub.Mcp;

/// <summary>Input schemas written by hand as JSON (no reflection); the hints clients show beside a tool are <see cref="ToolHints"/>.</summary>
internal static class ToolSchema
{
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The names under the schema's <c>properties</c>: the arguments the tool takes.</summary>
    public static IReadOnlyCollection<string> PropertyNames(JsonElement schema)
        => schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
            : [];

    /// <summary>The <c>worker</c> argument every worker tool takes.</summary>
    public const string WorkerProperty = """
        "worker": {
          "type": "string",
          "minLength": 1,
          "description": "Your worker name, stable across calls. Optional when the server was started with --worker (or BATON_WORKER), or the HTTP client sends the X-Baton-Worker header or ?worker= on the URL."
        }
        """;
}
