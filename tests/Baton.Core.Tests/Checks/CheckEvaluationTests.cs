using System.Text;
using Baton.Core.Checks;

namespace Baton.Core.Tests.Checks;

public sealed class CheckEvaluationTests
{
    private static readonly JsonValidCheck Json = new() { Path = "config.json" };

    [Fact]
    public void JsonValid_Malformed_GivesLineAndReason()
    {
        var verdict = CheckEvaluation.JsonValid(Json, Encoding.UTF8.GetBytes("{\n  \"a\": 1,\n}"), null);

        Assert.False(verdict.Passed);
        Assert.StartsWith("config.json is not valid JSON at line 3, byte 1: ", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonValid_WithByteOrderMark_Passes()
        => Assert.True(CheckEvaluation.JsonValid(Json, new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' }, null).Passed);

    [Fact]
    public void JsonValid_SchemaMismatch_NamesFirstErrorAndListsAll()
    {
        var check = Json with { Schema = "s.json" };

        var verdict = CheckEvaluation.JsonValid(check, "{\"a\": \"x\"}"u8.ToArray(),
            """{"required": ["b", "c"], "properties": {"a": {"type": "integer"}}}"""u8.ToArray());

        Assert.False(verdict.Passed);
        Assert.Equal("config.json does not match s.json: $: missing required property 'b' (and 2 more)", verdict.Message);
        Assert.Equal("$: missing required property 'b'\n$: missing required property 'c'\n$.a: must be integer, got string", verdict.Output);
    }

    [Fact]
    public void JsonValid_BrokenSchema_SaysSo()
        => Assert.StartsWith("the schema s.json is not valid JSON", CheckEvaluation.JsonValid(Json with { Schema = "s.json" }, "{}"u8.ToArray(), "{"u8.ToArray()).Message, StringComparison.Ordinal);

    [Fact]
    public void Contains_Missing_NamesPatternAndFile()
    {
        var verdict = CheckEvaluation.Contains(new ContainsCheck { Path = "x.md", Pattern = "TODO" }, "done\n");

        Assert.Equal(new CheckVerdict(false, "pattern 'TODO' not found in x.md"), verdict);
    }

    [Fact]
    public void Contains_Found_SaysWhichLine()
        => Assert.Equal("pattern 'b' found in x.md at line 2",
            CheckEvaluation.Contains(new ContainsCheck { Path = "x.md", Pattern = "b" }, "a\nb\n").Message);

    [Fact]
    public void Contains_CatastrophicPattern_FailsInsteadOfHanging()
    {
        var verdict = CheckEvaluation.Contains(new ContainsCheck { Path = "x", Pattern = "^(a+)+$" }, new string('a', 40) + "!");

        Assert.False(verdict.Passed);
        Assert.Contains("took longer than 5s", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FilesWithin_OneOutside_NamesItAndTheGlobs()
        => Assert.Equal("src/other.cs is outside the task's files (src/api/**)",
            CheckEvaluation.FilesWithin(["src/api/**"], ["src/api/a.cs", "src/other.cs"]).Message);

    [Fact]
    public void FilesWithin_DeletedOutside_IsOutsideToo()
        => Assert.False(CheckEvaluation.FilesWithin(["src/api/**"], ["-src/old.cs"]).Passed);

    [Fact]
    public void FilesWithin_SeveralOutside_CountsAndListsThem()
    {
        var verdict = CheckEvaluation.FilesWithin(["docs/**"], ["a", "b", "docs/c.md"]);

        Assert.Equal("2 files are outside the task's files (docs/**): a, b", verdict.Message);
        Assert.Equal("a\nb", verdict.Output);
    }

    [Fact]
    public void FilesWithin_NoGlobs_FailsExplaining()
        => Assert.Contains("the task has no files globs", CheckEvaluation.FilesWithin([], ["a"]).Message, StringComparison.Ordinal);

    [Fact]
    public void FilesWithin_AllInside_Passes()
        => Assert.True(CheckEvaluation.FilesWithin(["src/**", "README.md"], ["src/a/b.cs", "./README.md", "-src/old.cs"]).Passed);
}
