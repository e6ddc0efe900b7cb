using System.Globalization;
using System.Text.Json;
using Baton.Core.Errors;
using Baton.Core.Time;

namespace Baton.Hub.Mcp;

/// <summary>
/// A tool call's arguments, read with the type checks a JSON Schema promises but a client may not enforce.
/// Every failure is a bad_request naming the argument, so a model can fix its call.
/// </summary>
internal sealed class ToolArguments
{
    public const string WorkerName = "worker";

    private readonly Dictionary<string, JsonElement> _values;

    public ToolArguments(IEnumerable<KeyValuePair<string, JsonElement>>? values)
    {
        _values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in values ?? [])
        {
            // JSON null means "not given", as in the plan format.
            if (value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined)
            {
                _values[name] = value;
            }
        }
    }

    public IReadOnlyCollection<string> Names => _values.Keys;

    /// <summary>The arguments as one JSON object, e.g. a plan for import.</summary>
    public string ToJsonObject()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in _values)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public Result<string?> OptionalString(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return Result<string?>.Ok(null);
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : Result<string?>.Fail(Wrong(name, "a string", value));
    }

    public Result<string> RequiredString(string name)
    {
        var text = OptionalString(name);
        if (!text.IsOk)
        {
            return Result<string>.Fail(text.Error);
        }
        return string.IsNullOrWhiteSpace(text.Value)
            ? Result<string>.Fail(ErrorCode.BadRequest, $"\"{name}\" is required")
            : text.Value;
    }

    public Result<bool?> OptionalBool(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return Result<bool?>.Ok(null);
        }
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : Result<bool?>.Fail(Wrong(name, "true or false", value));
    }

    public Result<int?> OptionalInt(string name, int min, int max)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return Result<int?>.Ok(null);
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            return Result<int?>.Fail(Wrong(name, "a whole number", value));
        }
        return number >= min && number <= max
            ? number
            : Result<int?>.Fail(ErrorCode.BadRequest, $"\"{name}\" must be {min} to {max}, not {number}");
    }

    /// <summary>A non-negative number of seconds; fractions allowed.</summary>
    public Result<TimeSpan?> OptionalSeconds(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return Result<TimeSpan?>.Ok(null);
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return Result<TimeSpan?>.Fail(Wrong(name, "a number of seconds, 0 or more", value));
        }
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A duration such as <c>"10m"</c>, <c>"90s"</c>, <c>"1h30m"</c>, or a number of seconds.</summary>
    public Result<TimeSpan?> OptionalDuration(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return Result<TimeSpan?>.Ok(null);
        }
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return Durations.TryParse(text, out var span) && span > TimeSpan.Zero
            ? span
            : Result<TimeSpan?>.Fail(Wrong(name, "a positive duration like \"10m\", \"90s\" or \"1h\"", value));
    }

    public Result<IReadOnlyList<string>?> OptionalStrings(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return Result<IReadOnlyList<string>?>.Ok(null);
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            // A single string is a list of one, as in the plan format.
            return new[] { value.GetString()! };
        }
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            return Result<IReadOnlyList<string>?>.Fail(Wrong(name, "an array of strings", value));
        }
        return value.EnumerateArray().Select(item => item.GetString()!).ToList();
    }

    /// <summary>A bad_request naming every argument the tool does not take, with the ones it does.</summary>
    public BatonError? Unknown(IReadOnlyCollection<string> known)
    {
        var unknown = _values.Keys.Where(name => !known.Contains(name)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return null;
        }
        var expected = known.Count == 0 ? "this tool takes no arguments" : "expected: " + string.Join(", ", known);
        return BatonError.Of(ErrorCode.BadRequest,
            $"unknown argument{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(n => $"\"{n}\""))} ({expected})");
    }

    private static BatonError Wrong(string name, string expected, JsonElement value)
    {
        var shown = value.GetRawText();
        if (shown.Length > 60)
        {
            shown = string.Concat(shown.AsSpan(0, 57), "...");
        }
        return BatonError.Of(ErrorCode.BadRequest, string.Create(CultureInfo.InvariantCulture, $"\"{name}\" must be {expected}, not {shown}"));
    }
}
