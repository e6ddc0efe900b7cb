using System.Text.Json;
using Baton.Service.Checks;

namespace Baton.Storage.Tests.Checks;

public sealed class JsonSchemaValidatorTests
{
    private const string Person = """
        {
          "type": "object",
          "required": ["name", "age"],
          "additionalProperties": false,
          "properties": {
            "name": {"type": "string", "minLength": 2, "maxLength": 10, "pattern": "^[A-Z]"},
            "age": {"type": "integer", "minimum": 0, "maximum": 150},
            "role": {"enum": ["dev", "ops"]},
            "kind": {"const": "person"},
            "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 3, "uniqueItems": true},
            "home": {"$ref": "#/$defs/place"}
          },
          "$defs": {"place": {"type": "object", "required": ["city"]}}
        }
        """;

    private static IReadOnlyList<string> Validate(string schema, string instance)
    {
        using var s = JsonDocument.Parse(schema);
        using var i = JsonDocument.Parse(instance);
        return JsonSchemaValidator.Validate(s.RootElement, i.RootElement);
    }

    [Fact]
    public void Validate_MatchingInstance_HasNoErrors()
        => Assert.Empty(Validate(Person, """{"name": "Ada", "age": 36, "role": "dev", "kind": "person", "tags": ["a"], "home": {"city": "London"}}"""));

    [Theory]
    [InlineData("""{"age": 1}""", "$: Required properties [\"name\"] are not present (required)")]
    [InlineData("""{"name": "Ada", "age": 1.5}""", "$.age: Value is \"number\" but should be \"integer\" (type)")]
    [InlineData("""{"name": "Ada", "age": "1"}""", "$.age: Value is \"string\" but should be \"integer\" (type)")]
    [InlineData("""{"name": "Ada", "age": -1}""", "$.age: -1 should be at least 0 (minimum)")]
    [InlineData("""{"name": "Ada", "age": 151}""", "$.age: 151 should be at most 150 (maximum)")]
    [InlineData("""{"name": "A", "age": 1}""", "$.name: Value should be at least 2 characters (minLength)")]
    [InlineData("""{"name": "Adaaaaaaaaa", "age": 1}""", "$.name: Value should be at most 10 characters (maxLength)")]
    [InlineData("""{"name": "ada", "age": 1}""", "$.name: *(pattern)")]
    [InlineData("""{"name": "Ada", "age": 1, "role": "qa"}""", "$.role: *(enum)")]
    [InlineData("""{"name": "Ada", "age": 1, "kind": "robot"}""", "$.kind: *(const)")]
    [InlineData("""{"name": "Ada", "age": 1, "extra": 1}""", "$.extra: All values fail against the false schema (additionalProperties)")]
    [InlineData("""{"name": "Ada", "age": 1, "tags": []}""", "$.tags: Value should have at least 1 items (minItems)")]
    [InlineData("""{"name": "Ada", "age": 1, "tags": ["a", "b", "c", "d"]}""", "$.tags: Value should have at most 3 items (maxItems)")]
    [InlineData("""{"name": "Ada", "age": 1, "tags": ["a", 2]}""", "$.tags[1]: Value is \"integer\" but should be \"string\" (type)")]
    [InlineData("""{"name": "Ada", "age": 1, "tags": ["a", "a"]}""", "$.tags: *(uniqueItems)")]
    [InlineData("""{"name": "Ada", "age": 1, "home": {}}""", "$.home: Required properties [\"city\"] are not present (required)")]
    [InlineData("""[]""", "$: Value is \"array\" but should be \"object\" (type)")]
    public void Validate_Violation_NamesPathAndRule(string instance, string expected)
        => AssertLike(expected, Assert.Single(Validate(Person, instance)));

    // Exact, or with one '*' for the library's wording between the path and the rule.
    private static void AssertLike(string expected, string actual)
    {
        var star = expected.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            Assert.Equal(expected, actual);
            return;
        }
        Assert.StartsWith(expected[..star], actual, StringComparison.Ordinal);
        Assert.EndsWith(expected[(star + 1)..], actual, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"oneOf": [{"type": "number"}, {"type": "integer"}]}""", "1", "$: must match exactly one of the schemas of oneOf, matches 2 (oneOf)")]
    [InlineData("""{"not": {"type": "null"}}""", "null", "$: must not match the 'not' schema (not)")]
    [InlineData("""{"if": {"type": "integer"}, "then": {"minimum": 5}}""", "1", "$: 1 should be at least 5 (minimum)")]
    [InlineData("""{"properties": {"a": {"type": "integer"}}, "unevaluatedProperties": false}""", "{\"a\": 1, \"b\": 2}", "$.b: All values fail against the false schema (unevaluatedProperties)")]
    [InlineData("""{"$ref": "other.json#/x"}""", "1", "$: the schema cannot be used: Could not resolve*")]
    [InlineData("""{"type": ["string", "null"]}""", "1", "$: Value is \"integer\" but should be \"string, null\" (type)")]
    [InlineData("""{"multipleOf": 0.5}""", "1.25", "$: 1.25 should be a multiple of 0.5 (multipleOf)")]
    [InlineData("""false""", "1", "$: All values fail against the false schema")]
    public void Validate_Combinators_AreJudged(string schema, string instance, string expected)
        => AssertLike(expected, Assert.Single(Validate(schema, instance)));

    [Fact]
    public void Validate_AnyOfMatchingNone_NamesWhatEachBranchWanted()
        => Assert.Equal(
            ["$: Value is \"boolean\" but should be \"string\" (type)", "$: Value is \"boolean\" but should be \"number\" (type)"],
            Validate("""{"anyOf": [{"type": "string"}, {"type": "number"}]}""", "true"));

    [Fact]
    public void Validate_AnnotationsAndFormat_AreIgnored()
        => Assert.Empty(Validate("""{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "t", "description": "d", "format": "email", "default": 1}""", "\"not an email\""));

    [Fact]
    public void Validate_ManyViolations_StopsAtTheLimit()
    {
        using var s = JsonDocument.Parse("""{"items": {"type": "string"}}""");
        using var i = JsonDocument.Parse("[1, 2, 3, 4, 5]");

        Assert.Equal(3, JsonSchemaValidator.Validate(s.RootElement, i.RootElement, maxErrors: 3).Count);
    }
}
