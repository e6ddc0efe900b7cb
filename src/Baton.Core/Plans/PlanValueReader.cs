using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Baton.Core.Checks;
using Baton.Core.Globs;
using Baton.Core.Tasks;
using Baton.Core.Time;

namespace Baton.Core.Plans;

/// <summary>Reads typed field values, adding a problem (and returning null) for every value that is wrong.</summary>
internal sealed class PlanValueReader(PlanProblems problems, string? repositoryRoot)
{
    private static readonly JsonWriterOptions ContextWriterOptions = new()
    {
        Indented = true,
        // The rendered context is plain text for an agent, never embedded in HTML: keep non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly TimeSpan MaxLease = TimeSpan.FromDays(365);

    public string? Text(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            problems.WrongType(path, "a string", value);
            return null;
        }
        var text = value.GetString()!; // a String element always has a value
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(path, "must not be empty");
            return null;
        }
        return text;
    }

    public int? Integer(JsonElement value, string path, int min, int max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            problems.WrongType(path, "an integer", value);
            return null;
        }
        if (number < min || number > max)
        {
            problems.Add(path, FormattableString.Invariant($"must be between {min} and {max}, got {number}"));
            return null;
        }
        return (int)number;
    }

    /// <summary>A string, or an object or array rendered as indented JSON text (the seed format's context).</summary>
    public string? Context(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }
        if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            problems.WrongType(path, "a string or an object", value);
            return null;
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ContextWriterOptions))
        {
            value.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>An array of strings, or a single string as a list of one; each item is checked by
    /// <paramref name="item"/>, which returns the value to keep or null after adding a problem.</summary>
    public IReadOnlyList<string>? StringList(JsonElement value, string path, Func<string, string, string?> item)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return Text(value, path) is { } one && item(one, path) is { } kept ? [kept] : null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.WrongType(path, "an array of strings", value);
            return null;
        }
        var list = new List<string>();
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            var itemPath = PlanProblems.Item(path, index++);
            if (Text(element, itemPath) is { } text && item(text, itemPath) is { } kept && !list.Contains(kept))
            {
                list.Add(kept);
            }
        }
        return list;
    }

    public IReadOnlyList<string>? Paths(JsonElement value, string path) => StringList(value, path, RepoPath);

    public string? RepoPath(string text, string path)
    {
        if (RepoPaths.TryNormalize(text, repositoryRoot, out var normalized, out var problem))
        {
            return normalized;
        }
        problems.Add(path, problem ?? "is not a valid path");
        return null;
    }

    public string? Label(string text, string path)
    {
        if (text.AsSpan().ContainsAny(" \t\r\n") || text.Length > 64)
        {
            problems.Add(path, $"'{text}' is not a valid label (no white space, at most 64 characters)");
            return null;
        }
        return text;
    }

    public string? DependencyId(string text, string path)
    {
        if (!TaskIdRules.IsValid(text))
        {
            problems.Add(path, $"'{text}' is not a valid task id ({TaskIdRules.Description})");
            return null;
        }
        return text;
    }

    public IReadOnlyList<AcceptanceItem>? Acceptance(JsonElement value, string path)
    {
        if (value.ValueKind is JsonValueKind.String or JsonValueKind.Object)
        {
            return AcceptanceItem(value, path) is { } one ? [one] : null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.WrongType(path, "an array of strings or check objects", value);
            return null;
        }
        var list = new List<AcceptanceItem>();
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            if (AcceptanceItem(element, PlanProblems.Item(path, index++)) is { } item)
            {
                list.Add(item);
            }
        }
        return list;
    }

    public TimeSpan? Lease(JsonElement value, string path)
    {
        TimeSpan lease;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetInt64(out var seconds) || seconds > (long)MaxLease.TotalSeconds)
            {
                problems.Add(path, $"must be a whole number of seconds or a duration like \"10m\", got {PlanProblems.Describe(value)}");
                return null;
            }
            lease = TimeSpan.FromSeconds(seconds);
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            if (!Durations.TryParse(value.GetString(), out lease))
            {
                problems.Add(path, $"'{value.GetString()}' is not a duration (like \"90s\", \"10m\", \"1h30m\")");
                return null;
            }
        }
        else
        {
            problems.WrongType(path, "a duration string or a number of seconds", value);
            return null;
        }
        if (lease <= TimeSpan.Zero || lease > MaxLease)
        {
            problems.Add(path, $"must be more than 0s and at most 365d, got {Durations.Format(lease)}");
            return null;
        }
        return lease;
    }

    private AcceptanceItem? AcceptanceItem(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return Text(value, path) is { } text ? Tasks.AcceptanceItem.OfText(text) : null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.WrongType(path, "a string or a check object", value);
            return null;
        }
        if (!CheckParser.TryParse(value, repositoryRoot, out _, out var checkProblems))
        {
            foreach (var problem in checkProblems)
            {
                problems.Add(path + problem.Path, problem.Message);
            }
            return null;
        }
        return new AcceptanceItem { Check = value.Clone() };
    }
}
