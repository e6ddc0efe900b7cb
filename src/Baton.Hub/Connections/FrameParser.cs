using System.Text.Json;
using Baton.Core.Errors;
using Baton.Core.Protocol;

namespace Baton.Hub.Connections;

/// <summary>Reads one text frame into a message, or into the error reply that names what is wrong with it.</summary>
internal static class FrameParser
{
    public static FrameParseResult Parse(ReadOnlyMemory<byte> utf8)
    {
        // A well-formed frame, nearly every one, is read in one pass. Only a frame that fails is read again, as
        // a document, to name what is wrong with it: a document first cost every frame a second parse.
        // (ProtocolMessage is abstract: a frame without a known "type" cannot pass this way.) ProtocolFrame reads a
        // frame that starts with its "type" straight as the message it names.
        try
        {
            if (ProtocolFrame.Read(utf8.Span) is { } message)
            {
                return new FrameParseResult(message, null);
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Diagnosed below.
        }
        return Diagnose(utf8);
    }

    // Reads the frame as a document first, then as its message: what every frame cost before the one-pass read
    // (bench/Baton.Micro compares them).
    internal static FrameParseResult Diagnose(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException ex)
        {
            return Fail(null, $"frame is not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(null, $"frame must be a JSON object, not {root.ValueKind.ToString().ToLowerInvariant()}");
            }

            long? id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number
                && idElement.TryGetInt64(out var parsedId) ? parsedId : null;
            if (!root.TryGetProperty("type", out var typeElement))
            {
                return Fail(id, "message has no \"type\"");
            }
            if (typeElement.ValueKind != JsonValueKind.String)
            {
                return Fail(id, "\"type\" must be a string");
            }
            var type = typeElement.GetString();
            if (!MessageTypes.All.Contains(type))
            {
                return Fail(id, $"unknown message type \"{type}\"");
            }
            if (idElement.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null) && id is null)
            {
                return Fail(null, "\"id\" must be an integer");
            }

            try
            {
                var message = root.Deserialize(BatonJsonContext.Default.ProtocolMessage);
                return message is null ? Fail(id, "message is null") : new FrameParseResult(message, null);
            }
            catch (JsonException ex)
            {
                return Fail(id, $"bad \"{type}\" message at {ex.Path ?? "$"}: {FirstLine(ex.Message)}");
            }
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static FrameParseResult Fail(long? id, string message)
        => new(null, new ErrorMessage { Id = id, Code = ErrorCode.MalformedMessage, Message = message });
}
