using System.Text.Json;
using Baton.Core.Plans;
using Baton.Core.Tests.Support;

namespace Baton.Core.Tests.Plans;

public sealed class PlanSchemaTests
{
    private static JsonDocument LoadSchema()
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "schema", "task.schema.json")));

    [Fact]
    public void Schema_IsJsonSchema202012()
    {
        using var schema = LoadSchema();

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void Schema_TaskProperties_AreExactlyTheFieldsTheParserAccepts()
    {
        using var schema = LoadSchema();
        var task = schema.RootElement.GetProperty("$defs").GetProperty("task");

        var described = task.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(PlanFields.Task.Order(StringComparer.Ordinal), described);
        Assert.False(task.GetProperty("additionalProperties").GetBoolean());
        Assert.All(task.GetProperty("properties").EnumerateObject(),
            p => Assert.True(p.Value.TryGetProperty("description", out _), $"{p.Name} has no description"));
    }

    [Fact]
    public void Schema_TopLevelProperties_AreExactlyTheFieldsTheParserAccepts()
    {
        using var schema = LoadSchema();
        var objectForm = schema.RootElement.GetProperty("oneOf")[0];

        var described = objectForm.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(PlanFields.TopLevel.Order(StringComparer.Ordinal), described);
    }

    [Fact]
    public void Parse_ExamplePlanInDocs_IsAccepted()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot.Find(), "docs", "plan-format.md"));
        var start = doc.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var end = doc.IndexOf("```", start, StringComparison.Ordinal);

        var result = PlanParser.Parse(doc[start..end], null, TestContext.Current.CancellationToken);

        Assert.True(result.IsOk, string.Join('\n', result.Error?.Details ?? []));
    }
}
