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
            """, null, TestContext.Current.CancellationToken);

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
            """, null, TestContext.Current.CancellationToken);

        Assert.Empty(result.Value.Warnings);
    }

    [Fact]
    public void Parse_MostPairsOverlapping_WarnsOfLittleParallelism()
    {
        var result = PlanParser.Parse("""
            [{"id": "a", "title": "A", "files": "**"},
             {"id": "b", "title": "B", "files": "src/x.cs"},
             {"id": "c", "title": "C", "files": "src/y.cs"}]
            """, null, TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Value.Warnings.Count);
        Assert.Equal("2 of 3 pairs of tasks reserve overlapping files: the plan has little parallelism (tasks whose files overlap run one at a time)",
            result.Value.Warnings[^1]);
    }

    [Fact]
    public void Parse_ManyOverlappingPairs_ListsTwentyThenCounts()
    {
        var tasks = string.Join(",", Enumerable.Range(0, 10).Select(i => $$"""{"id": "t{{i}}", "title": "T", "files": "src/**"}"""));

        var warnings = PlanParser.Parse($"[{tasks}]", null, TestContext.Current.CancellationToken).Value.Warnings;

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
            """, null, TestContext.Current.CancellationToken);

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

        var result = PlanParser.Parse($"[{tasks}]", null, TestContext.Current.CancellationToken);

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

        var result = PlanParser.Parse($"[{tasks}]", null, TestContext.Current.CancellationToken);

        Assert.False(result.IsOk);
        var problem = Assert.Single(result.Error.Details!);
        Assert.StartsWith("$[1].depends_on: dependency cycle t0 -> t49999 -> t49998 -> ", problem, StringComparison.Ordinal);
        Assert.EndsWith(" -> t2 -> t1 -> t0", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverlapsBeyondALiteralPrefix_AreWarned()
    {
        // Wildcards early in a glob (a star in the first segment, braces, a character class) still find their pairs.
        var result = PlanParser.Parse("""
            [{"id": "a", "title": "A", "files": "*/x.cs"},
             {"id": "b", "title": "B", "files": "lib/x.cs"},
             {"id": "c", "title": "C", "files": "src/{core,hub}/y.cs"},
             {"id": "d", "title": "D", "files": "src/hub/y.cs"},
             {"id": "e", "title": "E", "files": "tools/[ab].sh"},
             {"id": "f", "title": "F", "files": "tools/b.sh"},
             {"id": "g", "title": "G", "files": "tools/c.sh"}]
            """, null, TestContext.Current.CancellationToken);

        Assert.Equal(["tasks a and b reserve overlapping files (*/x.cs ~ lib/x.cs): they will not run at the same time",
            "tasks c and d reserve overlapping files (src/{core,hub}/y.cs ~ src/hub/y.cs): they will not run at the same time",
            "tasks e and f reserve overlapping files (tools/[ab].sh ~ tools/b.sh): they will not run at the same time"],
            result.Value.Warnings);
    }

    [Fact]
    public void Parse_DependencyOnALaterTask_OrdersThePair()
    {
        // The file lists the dependent task first: the order of the file is not the order of the work.
        var result = PlanParser.Parse("""
            [{"id": "a", "title": "A", "files": "src/x.cs", "depends_on": "b"},
             {"id": "b", "title": "B", "files": "src/**", "depends_on": "c"},
             {"id": "c", "title": "C", "files": "src/y.cs"},
             {"id": "d", "title": "D", "files": "src/x.cs"}]
            """, null, TestContext.Current.CancellationToken);

        Assert.Equal(["tasks a and d reserve overlapping files (src/x.cs ~ src/x.cs): they will not run at the same time",
            "tasks b and d reserve overlapping files (src/** ~ src/x.cs): they will not run at the same time"],
            result.Value.Warnings);
    }

    [Fact]
    public void Parse_HundredThousandTasksInTheirOwnFolders_WarnsOfTheSharedOnesOnly()
    {
        // Groups of four tasks chained by dependencies, the first of each holding the group's folder; one task in
        // ten thousand also holds docs/**, which overlaps the docs file of every group but its own.
        const int Count = 100_000;
        var tasks = string.Join(",", Enumerable.Range(0, Count).Select(i =>
        {
            var group = i / 4;
            var files = i % 4 == 0 ? $"\"src/m{group}/**\", \"docs/m{group}/t{i}.md\"" : $"\"src/m{group}/f{i}.cs\"";
            var shared = i % 10_000 == 1 ? ", \"docs/**\"" : "";
            var dependsOn = i % 4 == 0 ? "" : $", \"depends_on\": \"t{i - 1}\"";
            return $$"""{"id": "t{{i}}", "title": "T", "files": [{{files}}{{shared}}]{{dependsOn}}}""";
        }));

        var result = PlanParser.Parse($"[{tasks}]", null, TestContext.Current.CancellationToken);

        Assert.True(result.IsOk);
        var warnings = result.Value.Warnings;
        Assert.Equal(21, warnings.Count);
        Assert.Equal("tasks t0 and t10001 reserve overlapping files (docs/m0/t0.md ~ docs/**): they will not run at the same time", warnings[0]);
        Assert.Equal("tasks t1 and t4 reserve overlapping files (docs/** ~ docs/m1/t4.md): they will not run at the same time", warnings[9]);
        // Ten sharing tasks against the 24,999 groups not their own and the 45 pairs among them, less the pairs listed.
        Assert.Equal($"... and {(10 * 24_999) + 45 - 20} more pairs of tasks with overlapping files", warnings[20]);
    }

    [Fact]
    public void Parse_OverlapsAtTheEndsOfALongChain_AreOrderedByIt()
    {
        const int Count = 50_000;
        var chain = string.Join(",", Enumerable.Range(0, Count).Select(i => i == 0
            ? """{"id": "t0", "title": "T", "files": "src/shared.cs"}"""
            : $$"""{"id": "t{{i}}", "title": "T", "files": "{{(i == Count - 1 ? "src/shared.cs" : $"src/f{i}.cs")}}", "depends_on": "t{{i - 1}}"}"""));

        var result = PlanParser.Parse($$"""[{{chain}}, {"id": "free", "title": "F", "files": "src/shared.cs"}]""", null, TestContext.Current.CancellationToken);

        Assert.Equal(["tasks t0 and free reserve overlapping files (src/shared.cs ~ src/shared.cs): they will not run at the same time",
            $"tasks t{Count - 1} and free reserve overlapping files (src/shared.cs ~ src/shared.cs): they will not run at the same time"],
            result.Value.Warnings);
    }

    [Fact]
    public void Parse_TooManyPairsToCompare_SaysTheCheckStoppedEarly()
    {
        // 3,000 tasks on **/*.cs: 4.5 million pairs, more than the check looks at.
        var tasks = string.Join(",", Enumerable.Range(0, 3_000).Select(i => $$"""{"id": "t{{i}}", "title": "T", "files": "**/*.cs"}"""));

        var warnings = PlanParser.Parse($"[{tasks}]", null, TestContext.Current.CancellationToken).Value.Warnings;

        Assert.StartsWith("tasks t0 and t1 reserve overlapping files (**/*.cs ~ **/*.cs)", warnings[0], StringComparison.Ordinal);
        Assert.Matches("^the check for overlapping files stopped early, with too many pairs of tasks to compare: [0-9]+ pairs found", warnings[^1]);
        Assert.DoesNotContain(warnings, w => w.Contains("of 4498500 pairs", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_CancelledWhileReading_Throws()
    {
        // The id generator runs once the tasks are read; cancelling there must stop the work that follows.
        using var cancel = new CancellationTokenSource();
        var tasks = string.Join(",", Enumerable.Range(0, 2_000).Select(i => """{"title": "T", "files": "src/**"}"""));
        var next = 0;
        var options = new PlanParseOptions
        {
            IdGenerator = () =>
            {
                cancel.Cancel();
                return $"t{next++}";
            },
        };

        Assert.Throws<OperationCanceledException>(() => PlanParser.Parse($"[{tasks}]", options, cancel.Token));
    }
}
