using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Baton.Core.Protocol;

/// <summary>
/// Reads one frame into its message, the way the hub and the client read every frame.
/// </summary>
/// <remarks>
/// <see cref="ProtocolMessage"/> accepts <c>type</c> anywhere in the object, so its polymorphic reader first
/// looks through the whole frame for the discriminator and then reads the frame again as the message it names:
/// every frame was read twice. A frame whose first property is <c>type</c> (every frame Baton writes: the
/// serializer writes the discriminator first) is read here once, straight as the message type it names, which
/// ignores the <c>type</c> property like any other it does not declare. Any other frame, and one naming a type
/// this build does not know, goes through the polymorphic reader as before, with the same result or error.
/// A <c>report.ok</c> with the next task (1.2 KB) takes about a quarter less time to read (bench/Baton.Micro,
/// <c>ReplyParseBenchmarks</c>: 17.4 against 23.6 µs).
/// </remarks>
public static class ProtocolFrame
{
    // The generated metadata with hand-written readers for the records replies carry (RecordReaders): every
    // frame is read through this context; frames are written through BatonJsonContext.Default.
    private static readonly BatonJsonContext Reading = new(ReadingOptions());

    private static readonly FrozenDictionary<string, JsonTypeInfo> ByType = DerivedTypes();

    /// <summary>The message in <paramref name="utf8"/>. Throws what the polymorphic reader throws on a frame that is
    /// not a well-formed message: <see cref="JsonException"/>, or <see cref="NotSupportedException"/> for an object
    /// without a <c>type</c> (<see cref="ProtocolMessage"/> is abstract).</summary>
    public static ProtocolMessage? Read(ReadOnlySpan<byte> utf8)
        => TypeNamedFirst(utf8) is { } direct
            ? (ProtocolMessage?)JsonSerializer.Deserialize(utf8, direct)
            : JsonSerializer.Deserialize(utf8, Reading.ProtocolMessage);

    // The message type named by a "type" that is the frame's first property; null in every other case.
    private static JsonTypeInfo? TypeNamedFirst(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("type"u8)
                && reader.Read() && reader.TokenType == JsonTokenType.String
                && ByType.TryGetValue(reader.GetString()!, out var info))
            {
                return info;
            }
        }
        catch (JsonException)
        {
            // Malformed near the start: the polymorphic reader reports it.
        }
        return null;
    }

    private static JsonSerializerOptions ReadingOptions()
    {
        var options = new JsonSerializerOptions(BatonJsonContext.Default.Options) { TypeInfoResolver = null };
        foreach (var reader in RecordReaders.All)
        {
            options.Converters.Add(reader);
        }
        return options;
    }

    private static FrozenDictionary<string, JsonTypeInfo> DerivedTypes()
    {
        var context = Reading;
        var polymorphism = context.ProtocolMessage.PolymorphismOptions
            ?? throw new InvalidOperationException("ProtocolMessage has no polymorphism options");
        return polymorphism.DerivedTypes.ToFrozenDictionary(
            d => (string)d.TypeDiscriminator!,
            d => context.GetTypeInfo(d.DerivedType) ?? throw new InvalidOperationException($"no JSON metadata for {d.DerivedType.Name}"),
            StringComparer.Ordinal);
    }
}
