using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Core.Globs;
using Baton.Core.Plans;
using Baton.Core.Time;

namespace Baton.Core.Checks;

/// <summary>Reads one check object, recording every problem with its path relative to the object.</summary>
internal sealed class CheckReader(string? repositoryRoot)
{
    private readonly List<CheckProblem> _problems = [];

    public IReadOnlyList<CheckProblem> Problems => _problems;

    public CheckDefinition? Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add("", $"must be a check object, got {PlanProblems.Describe(element)}");
            return null;
        }
        if (!element.TryGetProperty(CheckFields.Check, out var kindValue))
        {
            Add("." + CheckFields.Check, "required");
            return null;
        }
        if (Text(kindValue, "." + CheckFields.Check) is not { } kindText)
        {
            return null;
        }
        if (!CheckKinds.TryParse(kindText, out var kind))
        {
            Add("." + CheckFields.Check, UnknownKind(kindText));
            return null;
        }
        var fields = Fields(element, kind);
        var name = fields.TryGetValue(CheckFields.Name, out var nameField) ? Text(nameField.Value, nameField.Path) : null;
        CheckDefinition? check = kind switch
        {
            CheckKind.FileExists => FilePath(fields, kind) is { } p ? new FileExistsCheck { Path = p } : null,
            CheckKind.NotEmpty => FilePath(fields, kind) is { } p ? new NotEmptyCheck { Path = p } : null,
            CheckKind.JsonValid => ReadJsonValid(fields),
            CheckKind.Contains => ReadContains(fields),
            CheckKind.Command => CommandReader.Read(this, fields),
            _ => new FilesWithinCheck(),
        };
        return _problems.Count == 0 && check is not null ? check with { Name = name } : null;
    }

    public void Add(string path, string message) => _problems.Add(new CheckProblem { Path = path, Message = message });

    /// <summary>A non-empty string, or null after adding a problem.</summary>
    public string? Text(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Add(path, $"must be a string, got {PlanProblems.Describe(value)}");
            return null;
        }
        var text = value.GetString()!; // a String element always has a value
        if (string.IsNullOrWhiteSpace(text))
        {
            Add(path, "must not be empty");
            return null;
        }
        return text;
    }

    /// <summary>A repository-relative path naming one file or directory, normalized; null after adding a problem.</summary>
    public string? RepoPath(JsonElement value, string path)
    {
        if (Text(value, path) is not { } text)
        {
            return null;
        }
        if (!RepoPaths.TryNormalize(text, repositoryRoot, out var normalized, out var problem))
        {
            Add(path, problem ?? "is not a valid path");
            return null;
        }
        if (normalized.Split('/').Any(RepoPaths.HasWildcard))
        {
            Add(path, $"'{text}' is a glob; a check names one file");
            return null;
        }
        return normalized;
    }

    private string? FilePath(Dictionary<string, (JsonElement Value, string Path)> fields, CheckKind kind)
    {
        if (!fields.TryGetValue(CheckFields.Path, out var field))
        {
            Add("", $"{kind.ToWire()} needs a '{CheckFields.Path}' string");
            return null;
        }
        return RepoPath(field.Value, field.Path);
    }

    private JsonValidCheck? ReadJsonValid(Dictionary<string, (JsonElement Value, string Path)> fields)
    {
        var path = FilePath(fields, CheckKind.JsonValid);
        string? schema = null;
        if (fields.TryGetValue(CheckFields.Schema, out var field))
        {
            schema = RepoPath(field.Value, field.Path);
        }
        return path is null ? null : new JsonValidCheck { Path = path, Schema = schema };
    }

    private ContainsCheck? ReadContains(Dictionary<string, (JsonElement Value, string Path)> fields)
    {
        var path = FilePath(fields, CheckKind.Contains);
        var flags = "";
        if (fields.TryGetValue(CheckFields.Flags, out var flagsField))
        {
            flags = Flags(flagsField.Value, flagsField.Path) ?? "";
        }
        if (!fields.TryGetValue(CheckFields.Pattern, out var patternField))
        {
            Add("", $"contains needs a '{CheckFields.Pattern}' string");
            return null;
        }
        if (Text(patternField.Value, patternField.Path) is not { } pattern || !Compiles(pattern, flags, patternField.Path))
        {
            return null;
        }
        return path is null ? null : new ContainsCheck { Path = path, Pattern = pattern, Flags = flags };
    }

    private string? Flags(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Add(path, $"must be a string of flags (i, m, s), got {PlanProblems.Describe(value)}");
            return null;
        }
        var flags = value.GetString()!; // a String element always has a value
        foreach (var flag in flags)
        {
            if (flag is not ('i' or 'm' or 's') || flags.Count(f => f == flag) > 1)
            {
                Add(path, $"'{flags}' is not a set of flags (each of i, m, s at most once)");
                return null;
            }
        }
        return flags;
    }

    private bool Compiles(string pattern, string flags, string path)
    {
        try
        {
            _ = new Regex(pattern, ContainsCheck.ToOptions(flags), ContainsCheck.MatchTimeout);
            return true;
        }
        catch (ArgumentException ex)
        {
            // Regex reports a malformed pattern only by throwing; this is where it becomes a problem value.
            Add(path, $"'{pattern}' is not a valid regular expression: {ex.Message}");
            return false;
        }
    }

    /// <summary>The object's fields by name (null values dropped: null means "not given"); unknown and repeated names become problems.</summary>
    private Dictionary<string, (JsonElement Value, string Path)> Fields(JsonElement element, CheckKind kind)
    {
        var known = CheckFields.Of(kind);
        var fields = new Dictionary<string, (JsonElement, string)>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var path = PlanProblems.Property("", property.Name);
            if (!seen.Add(property.Name))
            {
                Add(path, "given more than once");
            }
            else if (!known.Contains(property.Name))
            {
                var suggestion = PlanFields.Suggest(property.Name, known);
                Add(path, suggestion is null
                    ? $"{kind.ToWire()} has no such field (known fields: {string.Join(", ", known)})"
                    : $"{kind.ToWire()} has no such field (did you mean '{suggestion}'?)");
            }
            else if (property.Value.ValueKind != JsonValueKind.Null && property.Name != CheckFields.Check)
            {
                fields[property.Name] = (property.Value, path);
            }
        }
        return fields;
    }

    private static string UnknownKind(string kind)
    {
        var known = CheckKinds.All.Select(k => k.ToWire()).ToList();
        var suggestion = PlanFields.Suggest(kind, known);
        return suggestion is null
            ? $"unknown check kind '{kind}' (known: {CheckKinds.KnownList})"
            : string.Create(CultureInfo.InvariantCulture, $"unknown check kind '{kind}' (did you mean '{suggestion}'? known: {CheckKinds.KnownList})");
    }

    /// <summary>A time limit: seconds as a number, or a duration string such as "10m"; more than 0, at most <paramref name="max"/>.</summary>
    public TimeSpan? Timeout(JsonElement value, string path, TimeSpan max)
    {
        double seconds;
        if (value.ValueKind == JsonValueKind.Number)
        {
            seconds = value.GetDouble();
        }
        else if (value.ValueKind == JsonValueKind.String && Durations.TryParse(value.GetString(), out var parsed))
        {
            seconds = parsed.TotalSeconds;
        }
        else
        {
            Add(path, $"must be a number of seconds or a duration like \"90s\", got {PlanProblems.Describe(value)}");
            return null;
        }
        if (seconds <= 0 || seconds > max.TotalSeconds)
        {
            Add(path, string.Create(CultureInfo.InvariantCulture, $"must be more than 0 and at most {max.TotalSeconds} seconds, got {value.ToString()}"));
            return null;
        }
        return TimeSpan.FromSeconds(seconds);
    }
}
