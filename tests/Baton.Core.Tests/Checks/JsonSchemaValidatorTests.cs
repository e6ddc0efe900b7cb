using System.Text.Json;
using Baton.Core.Checks;

namespace Baton.Core.Tests.Checks;

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
    [InlineData("""{"age": 1}""", "$: missing required property 'name'")]
    [InlineData("""{"name": "Ada", "age": 1.5}""", "$.age: must be integer, got number")]
    [InlineData("""{"name": "Ada", "age": "1"}""", "$.age: must be integer, got string")]
    [InlineData("""{"name": "Ada", "age": -1}""", "$.age: must be at least 0, got -1")]
    [InlineData("""{"name": "Ada", "age": 151}""", "$.age: must be at most 150, got 151")]
    [InlineData("""{"name": "A", "age": 1}""", "$.name: must have at least 2 characters, got 1")]
    [InlineData("""{"name": "Adaaaaaaaaa", "age": 1}""", "$.name: must have at most 10 characters, got 11")]
    [InlineData("""{"name": "ada", "age": 1}""", "$.name: \"ada\" does not match the pattern '^[A-Z]'")]
    [InlineData("""{"name": "Ada", "age": 1, "role": "qa"}""", "$.role: must be one of \"dev\", \"ops\", got \"qa\"")]
    [InlineData("""{"name": "Ada", "age": 1, "kind": "robot"}""", "$.kind: must be \"person\", got \"robot\"")]
    [InlineData("""{"name": "Ada", "age": 1, "extra": 1}""", "$.extra: not allowed (additionalProperties is false)")]
    [InlineData("""{"name": "Ada", "age": 1, "tags": []}""", "$.tags: must have at least 1 items, got 0")]
    [InlineData("""{"name": "Ada", "age": 1, "tags": ["a", "b", "c", "d"]}""", "$.tags: must have at most 3 items, got 4")]
    [InlineData("""{"name": "Ada", "age": 1, "tags": ["a", 2]}""", "$.tags[1]: must be string, got integer")]
    [InlineData("""{"name": "Ada", "age": 1, "tags": ["a", "a"]}""", "$.tags[1]: repeats item 0 (uniqueItems)")]
    [InlineData("""{"name": "Ada", "age": 1, "home": {}}""", "$.home: missing required property 'city'")]
    [InlineData("""[]""", "$: must be object, got array")]
    public void Validate_Violation_NamesPathAndRule(string instance, string expected)
        => Assert.Equal(expected, Assert.Single(Validate(Person, instance)));

    [Theory]
    [InlineData("""{"anyOf": [{"type": "string"}, {"type": "number"}]}""", "true", "$: matches none of the 2 schemas of anyOf")]
    [InlineData("""{"oneOf": [{"type": "number"}, {"type": "integer"}]}""", "1", "$: must match exactly one of the 2 schemas of oneOf, matches 2")]
    [InlineData("""{"not": {"type": "null"}}""", "null", "$: must not match the 'not' schema")]
    [InlineData("""{"if": {"type": "string"}}""", "1", "$: the schema keyword 'if' is not supported by Baton's json_valid check")]
    [InlineData("""{"$ref": "other.json#/x"}""", "1", "$: the schema's $ref 'other.json#/x' cannot be resolved (only local references like '#/$defs/x' are supported)")]
    [InlineData("""{"type": ["string", "null"]}""", "1", "$: must be string or null, got integer")]
    [InlineData("""{"multipleOf": 0.5}""", "1.25", "$: must be a multiple of 0.5, got 1.25")]
    [InlineData("""false""", "1", "$: not allowed (the schema is false)")]
    public void Validate_Combinators_AreJudged(string schema, string instance, string expected)
        => Assert.Equal(expected, Assert.Single(Validate(schema, instance)));

    [Fact]
    public void Validate_AnnotationsAndFormat_AreIgnored()
        => Assert.Empty(Validate("""{"$schema": "x", "title": "t", "description": "d", "format": "email", "default": 1}""", "\"not an email\""));

    [Fact]
    public void Validate_ManyViolations_StopsAtTheLimit()
    {
        using var s = JsonDocument.Parse("""{"items": {"type": "string"}}""");
        using var i = JsonDocument.Parse("[1, 2, 3, 4, 5]");

        Assert.Equal(3, JsonSchemaValidator.Validate(s.RootElement, i.RootElement, maxErrors: 3).Count);
    }
}
