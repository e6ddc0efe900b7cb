using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Baton.Core.Checks;

/// <summary>The type-specific keywords of <see cref="SchemaWalker"/>.</summary>
internal sealed partial class SchemaWalker
{
    private void ObjectKeyword(string keyword, JsonElement argument, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        switch (keyword)
        {
            case "required" when argument.ValueKind == JsonValueKind.Array:
                foreach (var name in argument.EnumerateArray().Select(n => n.GetString() ?? ""))
                {
                    if (!value.TryGetProperty(name, out _))
                    {
                        errors.Add($"{path}: missing required property '{name}'");
                    }
                }
                break;
            case "properties" when argument.ValueKind == JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (argument.TryGetProperty(property.Name, out var propertySchema))
                    {
                        Validate(propertySchema, property.Value, Child(path, property.Name), errors);
                    }
                }
                break;
            case "patternProperties" when argument.ValueKind == JsonValueKind.Object:
                foreach (var (pattern, propertySchema) in argument.EnumerateObject().Select(p => (p.Name, p.Value)))
                {
                    foreach (var property in value.EnumerateObject().Where(p => IsMatch(pattern, p.Name, path, errors)))
                    {
                        Validate(propertySchema, property.Value, Child(path, property.Name), errors);
                    }
                }
                break;
            case "additionalProperties":
                foreach (var property in value.EnumerateObject().Where(p => IsAdditional(schema, p.Name)))
                {
                    if (argument.ValueKind == JsonValueKind.False)
                    {
                        errors.Add($"{Child(path, property.Name)}: not allowed (additionalProperties is false)");
                    }
                    else
                    {
                        Validate(argument, property.Value, Child(path, property.Name), errors);
                    }
                }
                break;
            case "minProperties" when Count(value.EnumerateObject().Count(), argument, min: true, "properties") is { } problem:
                errors.Add($"{path}: {problem}");
                break;
            case "maxProperties" when Count(value.EnumerateObject().Count(), argument, min: false, "properties") is { } problem:
                errors.Add($"{path}: {problem}");
                break;
            default:
                break;
        }
    }

    private static bool IsAdditional(JsonElement schema, string name)
    {
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            && properties.TryGetProperty(name, out _))
        {
            return false;
        }
        return !(schema.TryGetProperty("patternProperties", out var patterns) && patterns.ValueKind == JsonValueKind.Object
            && patterns.EnumerateObject().Any(p => CreateRegex(p.Name) is { } regex && regex.IsMatch(name)));
    }

    private void ArrayKeyword(string keyword, JsonElement argument, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        var length = value.GetArrayLength();
        switch (keyword)
        {
            case "prefixItems" or "items" when argument.ValueKind == JsonValueKind.Array:
                // prefixItems (2020-12), or the array form of items (draft 4-7): one schema per position.
                for (var i = 0; i < Math.Min(length, argument.GetArrayLength()); i++)
                {
                    Validate(argument[i], value[i], Item(path, i), errors);
                }
                break;
            case "items":
                var first = schema.TryGetProperty("prefixItems", out var prefix) && prefix.ValueKind == JsonValueKind.Array ? prefix.GetArrayLength() : 0;
                for (var i = first; i < length; i++)
                {
                    Validate(argument, value[i], Item(path, i), errors);
                }
                break;
            case "minItems" when Count(length, argument, min: true, "items") is { } problem:
                errors.Add($"{path}: {problem}");
                break;
            case "maxItems" when Count(length, argument, min: false, "items") is { } problem:
                errors.Add($"{path}: {problem}");
                break;
            case "uniqueItems" when argument.ValueKind == JsonValueKind.True:
                for (var i = 1; i < length; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        if (JsonElement.DeepEquals(value[i], value[j]))
                        {
                            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Item(path, i)}: repeats item {j} (uniqueItems)"));
                            return;
                        }
                    }
                }
                break;
            default:
                break;
        }
    }

    private static void StringKeyword(string keyword, JsonElement argument, JsonElement value, string path, List<string> errors)
    {
        var text = value.GetString()!; // a String element always has a value
        if (keyword == "pattern")
        {
            var pattern = argument.GetString() ?? "";
            if (!IsMatch(pattern, text, path, errors))
            {
                errors.Add($"{path}: {Show(value)} does not match the pattern '{pattern}'");
            }
            return;
        }
        // JSON Schema counts characters as code points, not UTF-16 units.
        var length = text.EnumerateRunes().Count();
        if (Count(length, argument, min: keyword == "minLength", "characters") is { } problem)
        {
            errors.Add($"{path}: {problem}");
        }
    }

    private static void NumberKeyword(string keyword, double limit, JsonElement value, string path, List<string> errors)
    {
        var number = value.GetDouble();
        var problem = keyword switch
        {
            "minimum" when number < limit => $"must be at least {limit}",
            "maximum" when number > limit => $"must be at most {limit}",
            "exclusiveMinimum" when number <= limit => $"must be more than {limit}",
            "exclusiveMaximum" when number >= limit => $"must be less than {limit}",
            "multipleOf" when limit > 0 && !double.IsInteger(Math.Round(number / limit, 9)) => $"must be a multiple of {limit}",
            _ => null,
        };
        if (problem is not null)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {problem}, got {value.GetRawText()}"));
        }
    }

    /// <summary>"must have at least N items, got M", or null when the count is fine.</summary>
    private static string? Count(int actual, JsonElement argument, bool min, string noun)
    {
        if (argument.ValueKind != JsonValueKind.Number || !argument.TryGetInt32(out var limit))
        {
            return null;
        }
        if (min ? actual >= limit : actual <= limit)
        {
            return null;
        }
        return string.Create(CultureInfo.InvariantCulture, $"must have {(min ? "at least" : "at most")} {limit} {noun}, got {actual}");
    }

    private static bool IsMatch(string pattern, string text, string path, List<string> errors)
    {
        if (CreateRegex(pattern) is not { } regex)
        {
            errors.Add($"{path}: the schema's pattern '{pattern}' is not a valid regular expression");
            return true; // reported once as a schema problem, not again as a mismatch
        }
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            errors.Add($"{path}: the schema's pattern '{pattern}' took too long to match");
            return true;
        }
    }
}
