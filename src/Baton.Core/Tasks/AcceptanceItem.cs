using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Core.Tasks;

/// <summary>
/// One acceptance criterion: plain text for the agent to meet, or a machine check object
/// (<c>{"check": "file_exists", ...}</c>). On the wire it is a JSON string or a JSON object.
/// </summary>
[JsonConverter(typeof(AcceptanceItemJsonConverter))]
public sealed record AcceptanceItem
{
    /// <summary>The plain text criterion, when this is one.</summary>
    public string? Text { get; init; }

    /// <summary>The machine check object, when this is one (kept as written).</summary>
    public JsonElement? Check { get; init; }

    /// <summary>The check's kind (<c>"check"</c> property) when this is a machine check.</summary>
    public string? CheckKind => Check is { ValueKind: JsonValueKind.Object } c
        && c.TryGetProperty("check", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;

    /// <summary>A plain text criterion.</summary>
    public static AcceptanceItem OfText(string text) => new() { Text = text };

    /// <summary>A human-readable line for the CLI.</summary>
    /// <inheritdoc/>
    public override string ToString() => Text ?? Check?.GetRawText() ?? "";
}

/// <summary>Reads a string or a check object; writes it back the same way.</summary>
public sealed class AcceptanceItemJsonConverter : JsonConverter<AcceptanceItem>
{
    /// <inheritdoc/>
    public override AcceptanceItem Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return AcceptanceItem.OfText(reader.GetString()!);
        }
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            return new AcceptanceItem { Check = doc.RootElement.Clone() };
        }
        throw new JsonException("an acceptance item must be a string or a check object");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, AcceptanceItem value, JsonSerializerOptions options)
    {
        if (value.Check is { } check)
        {
            check.WriteTo(writer);
        }
        else
        {
            writer.WriteStringValue(value.Text ?? "");
        }
    }
}
