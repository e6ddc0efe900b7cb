using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Core.Plans;

namespace Baton.Core.Checks;

/// <summary>The recursive walk behind <see cref="JsonSchemaValidator"/>.</summary>
internal sealed partial class SchemaWalker(JsonElement root, int maxErrors)
{
    // $ref chains deeper than this are taken for a loop.
    private const int MaxDepth = 64;

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "$defs", "definitions", "$anchor", "title", "description", "default", "examples",
        "format", "readOnly", "writeOnly", "deprecated", "contentMediaType", "contentEncoding",
    };

    private int _depth;

    public void Validate(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (errors.Count >= maxErrors)
        {
            return;
        }
        if (schema.ValueKind is JsonValueKind.True)
        {
            return;
        }
        if (schema.ValueKind is JsonValueKind.False)
        {
            errors.Add($"{path}: not allowed (the schema is false)");
            return;
        }
        if (schema.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: the schema is not an object or boolean");
            return;
        }
        foreach (var keyword in schema.EnumerateObject())
        {
            if (errors.Count >= maxErrors)
            {
                return;
            }
            Apply(keyword.Name, keyword.Value, schema, value, path, errors);
        }
    }

    private void Apply(string keyword, JsonElement argument, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        switch (keyword)
        {
            case "type":
                CheckType(argument, value, path, errors);
                break;
            case "enum":
                if (argument.ValueKind == JsonValueKind.Array && !argument.EnumerateArray().Any(e => JsonElement.DeepEquals(e, value)))
                {
                    errors.Add($"{path}: must be one of {string.Join(", ", argument.EnumerateArray().Select(Show))}, got {Show(value)}");
                }
                break;
            case "const":
                if (!JsonElement.DeepEquals(argument, value))
                {
                    errors.Add($"{path}: must be {Show(argument)}, got {Show(value)}");
                }
                break;
            case "$ref":
                Reference(argument, value, path, errors);
                break;
            case "allOf" or "anyOf" or "oneOf":
                Combine(keyword, argument, value, path, errors);
                break;
            case "not":
                if (Matches(argument, value))
                {
                    errors.Add($"{path}: must not match the 'not' schema");
                }
                break;
            case "required" or "properties" or "additionalProperties" or "patternProperties" or "minProperties" or "maxProperties":
                if (value.ValueKind == JsonValueKind.Object)
                {
                    ObjectKeyword(keyword, argument, schema, value, path, errors);
                }
                break;
            case "items" or "prefixItems" or "minItems" or "maxItems" or "uniqueItems":
                if (value.ValueKind == JsonValueKind.Array)
                {
                    ArrayKeyword(keyword, argument, schema, value, path, errors);
                }
                break;
            case "minLength" or "maxLength" or "pattern":
                if (value.ValueKind == JsonValueKind.String)
                {
                    StringKeyword(keyword, argument, value, path, errors);
                }
                break;
            case "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" or "multipleOf":
                if (value.ValueKind == JsonValueKind.Number && argument.ValueKind == JsonValueKind.Number)
                {
                    NumberKeyword(keyword, argument.GetDouble(), value, path, errors);
                }
                break;
            default:
                if (!Ignored.Contains(keyword))
                {
                    errors.Add($"{path}: the schema keyword '{keyword}' is not supported by Baton's json_valid check");
                }
                break;
        }
    }

    private static void CheckType(JsonElement argument, JsonElement value, string path, List<string> errors)
    {
        var types = argument.ValueKind == JsonValueKind.Array
            ? argument.EnumerateArray().Select(t => t.GetString() ?? "").ToList()
            : [argument.GetString() ?? ""];
        if (!types.Any(t => IsType(t, value)))
        {
            errors.Add($"{path}: must be {string.Join(" or ", types)}, got {TypeOf(value)}");
        }
    }

    private static bool IsType(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && double.IsInteger(value.GetDouble()),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static string TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => double.IsInteger(value.GetDouble()) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private void Reference(JsonElement argument, JsonElement value, string path, List<string> errors)
    {
        var reference = argument.GetString() ?? "";
        if (ResolvePointer(reference) is not { } target)
        {
            errors.Add($"{path}: the schema's $ref '{reference}' cannot be resolved (only local references like '#/$defs/x' are supported)");
            return;
        }
        if (_depth >= MaxDepth)
        {
            errors.Add($"{path}: the schema's $ref '{reference}' nests more than {MaxDepth} deep");
            return;
        }
        _depth++;
        Validate(target, value, path, errors);
        _depth--;
    }

    private JsonElement? ResolvePointer(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return null;
        }
        var current = root;
        foreach (var raw in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < current.GetArrayLength())
            {
                current = current[i];
            }
            else
            {
                return null;
            }
        }
        return current;
    }

    private bool Matches(JsonElement schema, JsonElement value)
    {
        var errors = new List<string>();
        Validate(schema, value, "$", errors);
        return errors.Count == 0;
    }

    private void Combine(string keyword, JsonElement argument, JsonElement value, string path, List<string> errors)
    {
        if (argument.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{path}: the schema's {keyword} is not an array");
            return;
        }
        if (keyword == "allOf")
        {
            foreach (var branch in argument.EnumerateArray())
            {
                Validate(branch, value, path, errors);
            }
            return;
        }
        var matching = argument.EnumerateArray().Count(branch => Matches(branch, value));
        var count = argument.GetArrayLength();
        if (keyword == "anyOf" && matching == 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: matches none of the {count} schemas of anyOf"));
        }
        else if (keyword == "oneOf" && matching != 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: must match exactly one of the {count} schemas of oneOf, matches {matching}"));
        }
    }

    /// <summary>A value as it reads in a message: short JSON.</summary>
    private static string Show(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
    }

    private static string Child(string path, string name) => PlanProblems.Property(path, name);

    private static string Item(string path, int index) => PlanProblems.Item(path, index);

    private static Regex? CreateRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, ContainsCheck.MatchTimeout);
        }
        catch (ArgumentException)
        {
            // A malformed pattern in the schema: the caller reports it as a schema problem.
            return null;
        }
    }
}
