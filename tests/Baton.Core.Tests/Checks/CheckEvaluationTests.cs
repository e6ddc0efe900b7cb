using Baton.Core.Checks;

namespace Baton.Core.Tests.Checks;

public sealed class CheckEvaluationTests
{
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
