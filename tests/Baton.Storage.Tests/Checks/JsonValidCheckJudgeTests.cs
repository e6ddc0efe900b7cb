using System.Text;
using Baton.Core.Checks;
using Baton.Service.Checks;

namespace Baton.Storage.Tests.Checks;

public sealed class JsonValidCheckJudgeTests
{
    private static readonly JsonValidCheck Json = new() { Path = "config.json" };

    [Fact]
    public void JsonValid_Malformed_GivesLineAndReason()
    {
        var verdict = JsonValidCheckJudge.Judge(Json, Encoding.UTF8.GetBytes("{\n  \"a\": 1,\n}"), null);

        Assert.False(verdict.Passed);
        Assert.StartsWith("config.json is not valid JSON at line 3, byte 1: ", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonValid_WithByteOrderMark_Passes()
        => Assert.True(JsonValidCheckJudge.Judge(Json, new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' }, null).Passed);

    [Fact]
    public void JsonValid_SchemaMismatch_NamesFirstErrorAndListsAll()
    {
        var check = Json with { Schema = "s.json" };

        var verdict = JsonValidCheckJudge.Judge(check, "{\"a\": \"x\"}"u8.ToArray(),
            """{"required": ["b", "c"], "properties": {"a": {"type": "integer"}}}"""u8.ToArray());

        Assert.False(verdict.Passed);
        Assert.Equal("config.json does not match s.json: $: Required properties [\"b\",\"c\"] are not present (required) (and 1 more)", verdict.Message);
        Assert.Equal("$: Required properties [\"b\",\"c\"] are not present (required)\n$.a: Value is \"string\" but should be \"integer\" (type)", verdict.Output);
    }

    [Fact]
    public void JsonValid_BrokenSchema_SaysSo()
        => Assert.StartsWith("the schema s.json is not valid JSON", JsonValidCheckJudge.Judge(Json with { Schema = "s.json" }, "{}"u8.ToArray(), "{"u8.ToArray()).Message, StringComparison.Ordinal);
}
