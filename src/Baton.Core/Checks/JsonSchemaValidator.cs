using System.Text.Json;

namespace Baton.Core.Checks;

/// <summary>
/// Validates a JSON value against a JSON Schema, for the subset of keywords plans need (see docs/checks.md):
/// type, enum, const, required, properties, additionalProperties, patternProperties, min/maxProperties, items,
/// prefixItems, min/maxItems, uniqueItems, minLength, maxLength, pattern, minimum, maximum, exclusiveMinimum,
/// exclusiveMaximum, multipleOf, allOf, anyOf, oneOf, not and local <c>$ref</c> (<c>#/...</c>). Annotations
/// (title, description, format, default, ...) are ignored. Any other keyword is reported as unsupported, so that
/// a schema is never passed by silently skipping a rule.
/// </summary>
public static class JsonSchemaValidator
{
    /// <summary>Every violation as "JSON-path: what is wrong" (at most <paramref name="maxErrors"/>); empty when
    /// <paramref name="instance"/> matches <paramref name="schema"/>.</summary>
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance, int maxErrors = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxErrors, 1);
        var errors = new List<string>();
        new SchemaWalker(schema, maxErrors).Validate(schema, instance, "$", errors);
        return errors;
    }
}
