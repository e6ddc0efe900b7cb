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

    [Fact]
    public void Parse_OverlapOrderedThroughATaskWithoutFiles_IsNotWarned()
    {
        // a -> b -> c, where b reserves nothing: a and c still never run together.
        var result = PlanParser.Parse("""
            [{"id": "a", "title": "A", "files": "src/**"},
             {"id": "b", "title": "B", "depends_on": "a"},
             {"id": "c", "title": "C", "files": "src/x.cs", "depends_on": "b"},
             {"id": "d", "title": "D", "files": "src/**/*.cs"}]
            """);

        Assert.Equal(["tasks a and d reserve overlapping files (src/** ~ src/**/*.cs): they will not run at the same time",
            "tasks c and d reserve overlapping files (src/x.cs ~ src/**/*.cs): they will not run at the same time"],
            result.Value.Warnings);
    }

    [Fact]
    public void Parse_ChainOfAHundredThousandTasks_IsAccepted()
    {
        // The graph's walks keep their own stacks: a recursive walk overflows the thread's stack on a chain this long.
        const int Count = 100_000;
        var tasks = string.Join(",", Enumerable.Range(0, Count).Select(i => i == 0
            ? """{"id": "t0", "title": "T"}"""
            : $$"""{"id": "t{{i}}", "title": "T", "depends_on": "t{{i - 1}}"}"""));

        var result = PlanParser.Parse($"[{tasks}]");

        Assert.True(result.IsOk);
        Assert.Equal(Count, result.Value.Tasks.Count);
        Assert.Empty(result.Value.Warnings);
    }

    [Fact]
    public void Parse_CycleAtTheEndOfALongChain_IsFound()
    {
        const int Count = 50_000;
        var tasks = string.Join(",", Enumerable.Range(0, Count).Select(i => i == 0
            ? $$"""{"id": "t0", "title": "T", "depends_on": "t{{Count - 1}}"}"""
            : $$"""{"id": "t{{i}}", "title": "T", "depends_on": "t{{i - 1}}"}"""));

        var result = PlanParser.Parse($"[{tasks}]");

        Assert.False(result.IsOk);
        var problem = Assert.Single(result.Error.Details!);
        Assert.StartsWith("$[1].depends_on: dependency cycle t0 -> t49999 -> t49998 -> ", problem, StringComparison.Ordinal);
        Assert.EndsWith(" -> t2 -> t1 -> t0", problem, StringComparison.Ordinal);
    }
}
