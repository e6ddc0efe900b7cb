using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Cli.Rendering;
using Baton.Core.Errors;

namespace Baton.Cli.Infrastructure;

/// <summary>
/// Where the CLI writes: results on stdout (one JSON document per line under <c>--json</c>), diagnostics
/// on stderr as <c>baton: message</c>.
/// </summary>
internal static class Output
{
    public static void Json<T>(T value, JsonTypeInfo<T> typeInfo)
        => Console.Out.WriteLine(JsonSerializer.Serialize(value, typeInfo));

    /// <summary>Writes <c>{"name": [items...]}</c> on one line.</summary>
    public static void JsonList<T>(string name, IEnumerable<T> items, JsonTypeInfo<T> itemTypeInfo)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(name);
            foreach (var item in items)
            {
                JsonSerializer.Serialize(writer, item, itemTypeInfo);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>A line (or several) of human-readable output; control characters in it are escaped (see <see cref="TerminalText"/>).</summary>
    public static void Line(string text) => Console.Out.WriteLine(TerminalText.Escape(text));

    public static void Note(string text) => Console.Error.WriteLine($"baton: {TerminalText.Escape(text)}");

    /// <summary>Writes the error (stderr, and stdout as JSON under <c>--json</c>) and returns its exit code.</summary>
    public static int Fail(BatonError error, bool json)
    {
        Console.Error.WriteLine($"baton: {TerminalText.Escape(error.Message)}");
        foreach (var detail in error.Details ?? [])
        {
            Console.Error.WriteLine($"  {TerminalText.Escape(detail)}");
        }
        if (json)
        {
            var body = new ErrorBody { Code = error.Code.ToWire(), Message = error.Message, Details = error.Details };
            Json(new ErrorEnvelope { Error = body }, CliJsonContext.Default.ErrorEnvelope);
        }
        return error.Code.ExitCode();
    }

    public static int Fail(ErrorCode code, string message, bool json) => Fail(BatonError.Of(code, message), json);

    /// <summary>A verb's usual ending: the error (<see cref="Fail(BatonError, bool)"/>), else the value as JSON under
    /// <c>--json</c> or as <paramref name="text"/> writes it; the exit code. <paramref name="typeInfo"/> is asked for
    /// only under <c>--json</c>: the first look at a type's JSON contract builds it and every type it reaches
    /// (for <c>StatusSnapshot</c>, about 1.7 ms of a 13 ms <c>baton status</c>, spent for nothing on text output).</summary>
    public static int Result<T>(Result<T> result, bool json, Func<JsonTypeInfo<T>> typeInfo, Action<T> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!result.IsOk)
        {
            return Fail(result.Error, json);
        }
        if (json)
        {
            Json(result.Value, typeInfo());
        }
        else
        {
            text(result.Value);
        }
        return 0;
    }
}
