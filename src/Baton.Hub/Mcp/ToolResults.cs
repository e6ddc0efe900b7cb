using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Core.Errors;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp;

/// <summary>
/// Tool results as a model reads them: one text block, a rendering that carries everything the model acts on, and the
/// data as JSON (snake_case, the CLI's <c>--json</c> shapes) in <c>structuredContent</c>, described by the tool's
/// <c>outputSchema</c>. The JSON is not repeated as text: a chat pays for every block on every turn, and a client of
/// MCP 2025-06-18 or later reads the data from <c>structuredContent</c>. A client that negotiated an older version
/// (which has no <c>structuredContent</c>) gets the JSON as a second text block too (<see cref="ForProtocol"/>).
/// Errors carry the CLI's code and message (<c>lease_expired: report refused: ...</c>) with <c>isError: true</c>.
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
        Content = [new TextContentBlock { Text = text }],
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
            Content = [new TextContentBlock { Text = text.ToString() }],
            StructuredContent = json,
            IsError = true,
        };
    }

    public static CallToolResult Error(ErrorCode code, string message) => Error(BatonError.Of(code, message));

    /// <summary>The first protocol version with <c>structuredContent</c> and <c>outputSchema</c>.</summary>
    public const string StructuredContentVersion = "2025-06-18";

    /// <summary>
    /// <paramref name="result"/> for a client that negotiated <paramref name="protocolVersion"/>: as it is for
    /// <see cref="StructuredContentVersion"/> or later (or an unknown version), and with its <c>structuredContent</c>
    /// added as a JSON text block for an older client, which cannot read <c>structuredContent</c>.
    /// </summary>
    public static CallToolResult ForProtocol(CallToolResult result, string? protocolVersion)
    {
        // Versions are dates (YYYY-MM-DD), so they order as strings.
        if (protocolVersion is null || string.CompareOrdinal(protocolVersion, StructuredContentVersion) >= 0
            || result.StructuredContent is not { } json)
        {
            return result;
        }
        result.Content = [.. result.Content, new TextContentBlock { Text = Readable(json) }];
        return result;
    }

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
