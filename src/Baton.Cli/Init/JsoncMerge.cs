using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Cli.Init;

/// <summary>
/// Writes a JSONC file (an agent's settings with <c>//</c> or <c>/* */</c> comments) again with what Baton added,
/// keeping the user's comments: the original tokens are copied in order, comments included, and whatever the merged
/// document has beyond them (a new property, an appended array element) is written where its object or array
/// ends. Baton's entries only ever add, so that is every change. Comments come out as <c>/* ... */</c>.
/// </summary>
internal static class JsoncMerge
{
    private static readonly JsonReaderOptions Jsonc = new() { CommentHandling = JsonCommentHandling.Allow, AllowTrailingCommas = true };

    /// <summary>True when <paramref name="text"/> holds a comment (and so a plain rewrite would lose it).</summary>
    public static bool HasComments(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), Jsonc);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.Comment)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary><paramref name="original"/> with everything <paramref name="merged"/> (the original plus additions) adds.</summary>
    public static string Write(string original, JsonNode merged)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(original), Jsonc);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 2 }))
        {
            var frames = new Stack<Frame>();
            string? name = null;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.Comment:
                        writer.WriteCommentValue(reader.GetComment());
                        break;
                    case JsonTokenType.PropertyName:
                        name = reader.GetString()!;
                        frames.Peek().Seen.Add(name);
                        writer.WritePropertyName(name);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        frames.Push(new Frame(frames.Count == 0 ? merged : Child(frames.Peek(), name)));
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            writer.WriteStartObject();
                        }
                        else
                        {
                            writer.WriteStartArray();
                        }
                        break;
                    case JsonTokenType.EndObject:
                        var done = frames.Pop();
                        foreach (var (key, value) in (JsonObject)done.Node!)
                        {
                            if (!done.Seen.Contains(key))
                            {
                                writer.WritePropertyName(key);
                                WriteNode(writer, value);
                            }
                        }
                        writer.WriteEndObject();
                        Completed(frames);
                        break;
                    case JsonTokenType.EndArray:
                        var list = frames.Pop();
                        var array = (JsonArray)list.Node!;
                        for (var i = list.Elements; i < array.Count; i++)
                        {
                            WriteNode(writer, array[i]);
                        }
                        writer.WriteEndArray();
                        Completed(frames);
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(reader.GetString());
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        writer.WriteBooleanValue(reader.GetBoolean());
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                    default:
                        writer.WriteRawValue(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray(), skipInputValidation: true);
                        break;
                }
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null)
                {
                    Completed(frames);
                }
            }
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static JsonNode? Child(Frame parent, string? name)
        => parent.Node is JsonArray array ? array[parent.Elements] : ((JsonObject)parent.Node!)[name!];

    // A value inside an array was written: the next one is the array's next element.
    private static void Completed(Stack<Frame> frames)
    {
        if (frames.Count > 0 && frames.Peek().Node is JsonArray)
        {
            frames.Peek().Elements++;
        }
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    private sealed class Frame(JsonNode? node)
    {
        public JsonNode? Node { get; } = node;

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public int Elements { get; set; }
    }
}
