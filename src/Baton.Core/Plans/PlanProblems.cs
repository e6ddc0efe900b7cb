using System.Globalization;
using System.Text.Json;
using Baton.Core.Errors;

namespace Baton.Core.Plans;

/// <summary>Collects every problem of a plan as "JSON-path: what is wrong" lines.</summary>
internal sealed class PlanProblems
{
    // Enough to fix a plan by; the message still gives the full count.
    private const int MaxDetails = 200;

    private static readonly System.Buffers.SearchValues<char> IdentifierChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$");

    private readonly List<string> _lines = [];
    private int _count;

    public int Count => _count;

    public void Add(string path, string message)
    {
        _count++;
        if (_lines.Count < MaxDetails)
        {
            _lines.Add($"{path}: {message}");
        }
    }

    public void WrongType(string path, string expected, JsonElement actual)
        => Add(path, $"must be {expected}, got {Describe(actual)}");

    public BatonError ToError()
    {
        var details = new List<string>(_lines);
        if (_count > _lines.Count)
        {
            details.Add(string.Create(CultureInfo.InvariantCulture, $"... and {_count - _lines.Count} more"));
        }
        var noun = _count == 1 ? "problem" : "problems";
        return BatonError.Of(ErrorCode.InvalidPlan, string.Create(CultureInfo.InvariantCulture, $"plan rejected: {_count} {noun}"), details);
    }

    /// <summary>The JSON path of a property: <c>$.a.b</c>, or <c>$.a['odd name']</c> for names that need quoting.</summary>
    public static string Property(string path, string name)
    {
        var simple = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')
            && name.AsSpan().ContainsAnyExcept(IdentifierChars) is false;
        return simple ? $"{path}.{name}" : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";
    }

    /// <summary>The JSON path of an array item.</summary>
    public static string Item(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    /// <summary>How a value reads in a "got ..." message: its kind, or the number itself.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => $"number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
