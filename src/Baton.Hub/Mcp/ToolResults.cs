using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Core.Errors;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp;

/// <summary>
/// Tool results as a model reads them: a short text rendering first, then the same data as JSON (snake_case,
/// the CLI's <c>--json</c> shapes) in a second text block and as <c>structuredContent</c>. Errors carry the
/// CLI's code and message (<c>lease_expired: report refused: ...</c>) with <c>isError: true</c>.
/// </summary>
internal static class ToolResults
{
    // The source-generated contexts escape quotes and non-ASCII (\u0022) for safe embedding in HTML; a model
    // reads this text, so it gets the JSON with only what JSON itself requires escaped.
    private static readonly JsonWriterOptions ReadableJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static CallToolResult Ok<T>(string text, T value, JsonTypeInfo<T> typeInfo)
        => Ok(text, JsonSerializer.SerializeToElement(value, typeInfo));

    public static CallToolResult Ok(string text, JsonElement json) => new()
    {
        Content = [new TextContentBlock { Text = text }, new TextContentBlock { Text = Readable(json) }],
        StructuredContent = json,
        IsError = false,
    };

    public static CallToolResult Error(BatonError error, string? hint = null)
    {
        var text = new StringBuilder($"{error.Code.ToWire()}: {error.Message}");
        foreach (var detail in error.Details ?? [])
        {
            text.Append("\n  ").Append(detail);
        }
        if (hint is not null)
        {
            text.Append("\n\n").Append(hint);
        }
        var json = JsonSerializer.SerializeToElement(new ToolError { Error = error }, McpJsonContext.Default.ToolError);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = text.ToString() }, new TextContentBlock { Text = Readable(json) }],
            StructuredContent = json,
            IsError = true,
        };
    }

    public static CallToolResult Error(ErrorCode code, string message) => Error(BatonError.Of(code, message));

    /// <summary>The error of a failed result, or null when it succeeded.</summary>
    public static CallToolResult? ErrorOf<T>(Result<T> result) => result.IsOk ? null : Error(result.Error);

    private static string Readable(JsonElement json)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, ReadableJson))
        {
            json.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary><c>{"name": value}</c>: <c>structuredContent</c> must be an object, so a list is wrapped; with
    /// <paramref name="total"/>, <c>"total"</c> says how many there were before a limit.</summary>
    public static JsonElement Wrap<T>(string name, T value, JsonTypeInfo<T> typeInfo, int? total = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(name);
            JsonSerializer.Serialize(writer, value, typeInfo);
            if (total is { } count)
            {
                writer.WriteNumber("total", count);
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
