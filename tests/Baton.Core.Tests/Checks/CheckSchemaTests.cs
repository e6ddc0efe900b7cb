using System.Text.Json;
using Baton.Core.Checks;
using Baton.Core.Tests.Support;

namespace Baton.Core.Tests.Checks;

public sealed class CheckSchemaTests
{
    private static JsonDocument LoadSchema()
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "schema", "task.schema.json")));

    [Fact]
    public void Schema_CheckKinds_AreExactlyTheKindsTheParserKnows()
    {
        using var schema = LoadSchema();
        var defs = schema.RootElement.GetProperty("$defs");

        var described = defs.GetProperty("check").GetProperty("oneOf").EnumerateArray()
            .Select(r => r.GetProperty("$ref").GetString()!.Replace("#/$defs/check_", "", StringComparison.Ordinal));

        Assert.Equal(CheckKinds.All.Select(k => k.ToWire()), described);
    }

    [Fact]
    public void Schema_EachCheckKind_IsClosedWithExactlyTheParsersFields()
    {
        using var schema = LoadSchema();
        var defs = schema.RootElement.GetProperty("$defs");

        foreach (var kind in CheckKinds.All)
        {
            var def = defs.GetProperty("check_" + kind.ToWire());
            var fields = def.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);

            Assert.Equal(CheckFields.Of(kind).Order(StringComparer.Ordinal), fields);
            Assert.False(def.GetProperty("additionalProperties").GetBoolean());
            Assert.Equal(kind.ToWire(), def.GetProperty("properties").GetProperty("check").GetProperty("const").GetString());
        }
    }
}
