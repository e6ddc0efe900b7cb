using Baton.Core.Plans;

namespace Baton.Core.Tests.Plans;

public sealed class PlanParserWarningsTests
{
    [Fact]
    public void Parse_OverlappingFiles_WarnsNamingBothTasksAndGlobs()
    {
        var result = PlanParser.Parse("""
            {"tasks": [
              {"id": "a", "title": "A", "files": ["src/api/**"]},
              {"id": "b", "title": "B", "files": ["docs/**", "src/api/users.cs"]},
              {"id": "c", "title": "C", "files": ["test/**"]},
              {"id": "d", "title": "D"}
            ]}
            """);

        Assert.Equal(["tasks a and b reserve overlapping files (src/api/** ~ src/api/users.cs): they will not run at the same time"],
            result.Value.Warnings);
    }

    [Fact]
    public void Parse_OverlapBetweenDependentTasks_IsNotWarned()
    {
        var result = PlanParser.Parse("""
            [{"id": "a", "title": "A", "files": "src/**"},
             {"id": "b", "title": "B", "files": "src/x.cs", "depends_on": "a"},
             {"id": "c", "title": "C", "files": "src/y.cs", "depends_on": "b"}]
            """);

        Assert.Empty(result.Value.Warnings);
    }

    [Fact]
    public void Parse_MostPairsOverlapping_WarnsOfLittleParallelism()
    {
        var result = PlanParser.Parse("""
            [{"id": "a", "title": "A", "files": "**"},
             {"id": "b", "title": "B", "files": "src/x.cs"},
             {"id": "c", "title": "C", "files": "src/y.cs"}]
            """);

        Assert.Equal(3, result.Value.Warnings.Count);
        Assert.Equal("2 of 3 pairs of tasks reserve overlapping files: the plan has little parallelism (tasks whose files overlap run one at a time)",
            result.Value.Warnings[^1]);
    }

    [Fact]
    public void Parse_ManyOverlappingPairs_ListsTwentyThenCounts()
    {
        var tasks = string.Join(",", Enumerable.Range(0, 10).Select(i => $$"""{"id": "t{{i}}", "title": "T", "files": "src/**"}"""));

        var warnings = PlanParser.Parse($"[{tasks}]").Value.Warnings;

        Assert.Equal(22, warnings.Count); // 20 pairs listed, the rest counted, then the parallelism summary
        Assert.Equal("... and 25 more pairs of tasks with overlapping files", warnings[20]);
        Assert.StartsWith("45 of 45 pairs", warnings[21], StringComparison.Ordinal);
    }
}
