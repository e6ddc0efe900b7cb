using System.Text.Json;
using Baton.Core.Plans;
using Baton.Core.Tasks;

namespace Baton.Core.Tests.Plans;

public sealed class PlanParserTests
{
    internal const string SeedPlan = """
        {
          "tasks": [
            {
              "id": "summarize-readme",
              "description": "Summarize README.md in three sentences.\nWrite it to out/readme.txt.",
              "context": { "audience": "new contributors", "tone": "plain" },
              "acceptance": ["out/readme.txt exists", "three sentences"],
              "files": ["out/readme.txt"]
            },
            {
              "id": "summarize-design",
              "description": "Summarize DESIGN.md.",
              "context": "The design doc lives at the root.",
              "acceptance": ["out/design.txt exists"],
              "files": ["out/design.txt"]
            }
          ]
        }
        """;

    internal const string FullPlan = """
        {
          "$schema": "../schema/task.schema.json",
          "name": "api work",
          "tasks": [
            {
              "id": "api-users",
              "title": "Users endpoint",
              "description": "Add GET /users.",
              "context": "Use the existing repository pattern.",
              "context_files": ["src/api/Program.cs", "./docs/api.md"],
              "acceptance": [
                "returns 200 with a JSON array",
                { "check": "file_exists", "path": "src/api/Users.cs" },
                { "check": "command", "run": "dotnet test" }
              ],
              "files": ["src/api/Users*.cs", "tests/api/**"],
              "priority": 5,
              "labels": ["backend", "api"],
              "max_attempts": 2,
              "lease": "1h30m"
            },
            {
              "id": "docs",
              "title": "Document the endpoint",
              "files": "docs/api.md",
              "depends_on": ["api-users"],
              "acceptance": "docs/api.md mentions /users",
              "lease": 120
            }
          ]
        }
        """;

    [Fact]
    public void Parse_SeedFormat_ImportsAsIs()
    {
        var result = PlanParser.Parse(SeedPlan, null, TestContext.Current.CancellationToken);

        Assert.True(result.IsOk, string.Join('\n', result.Error?.Details ?? []));
        var first = result.Value.Tasks[0];
        Assert.Equal(new TaskId("summarize-readme"), first.Id);
        Assert.Equal("Summarize README.md in three sentences.", first.Title);
        Assert.Contains("\"audience\": \"new contributors\"", first.Context, StringComparison.Ordinal);
        Assert.Equal(["out/readme.txt exists", "three sentences"], first.Acceptance.Select(a => a.Text));
        Assert.Equal(["out/readme.txt"], first.Files);
        Assert.Equal("The design doc lives at the root.", result.Value.Tasks[1].Context);
        Assert.Empty(result.Value.Warnings);
    }

    [Fact]
    public void Parse_FullFormat_ReadsEveryField()
    {
        var result = PlanParser.Parse(FullPlan, null, TestContext.Current.CancellationToken);

        Assert.True(result.IsOk, string.Join('\n', result.Error?.Details ?? []));
        Assert.Equal("api work", result.Value.Name);
        var api = result.Value.Tasks[0];
        Assert.Equal("Users endpoint", api.Title);
        Assert.Equal("Add GET /users.", api.Description);
        Assert.Equal(["src/api/Program.cs", "docs/api.md"], api.ContextFiles);
        Assert.Equal(3, api.Acceptance.Count);
        Assert.Equal("file_exists", api.Acceptance[1].CheckKind);
        Assert.Equal("command", api.Acceptance[2].CheckKind);
        Assert.Equal(["src/api/Users*.cs", "tests/api/**"], api.Files);
        Assert.Equal(5, api.Priority);
        Assert.Equal(["backend", "api"], api.Labels);
        Assert.Equal(2, api.MaxAttempts);
        Assert.Equal(TimeSpan.FromMinutes(90), api.Lease);
        var docs = result.Value.Tasks[1];
        Assert.Equal(["docs/api.md"], docs.Files);
        Assert.Equal([new TaskId("api-users")], docs.DependsOn);
        Assert.Equal(["docs/api.md mentions /users"], docs.Acceptance.Select(a => a.Text));
        Assert.Equal(TimeSpan.FromSeconds(120), docs.Lease);
        Assert.Equal(TaskDefaults.MaxAttempts, docs.MaxAttempts);
        Assert.Equal(0, docs.Priority);
        Assert.Empty(api.DependsOn);
    }

    [Fact]
    public void Parse_CheckObject_KeptAsWrittenAfterDocumentIsGone()
    {
        var result = PlanParser.Parse(FullPlan, null, TestContext.Current.CancellationToken);

        var check = result.Value.Tasks[0].Acceptance[2].Check!.Value;
        Assert.Equal("dotnet test", check.GetProperty("run").GetString());
    }

    [Fact]
    public void Parse_BareArray_IsAPlan()
    {
        var result = PlanParser.Parse("""[{"id": "a", "title": "A"}, {"title": "B", "depends_on": "a"}]""", null, TestContext.Current.CancellationToken);

        Assert.True(result.IsOk);
        Assert.Equal(2, result.Value.Tasks.Count);
        Assert.Equal([new TaskId("a")], result.Value.Tasks[1].DependsOn);
    }

    [Fact]
    public void Parse_MissingIds_UsesGenerator()
    {
        var next = 0;
        var options = new PlanParseOptions { IdGenerator = () => $"gen-{++next}" };

        var result = PlanParser.Parse("""{"tasks": [{"title": "A"}, {"title": "B"}]}""", options, TestContext.Current.CancellationToken);

        Assert.Equal(["gen-1", "gen-2"], result.Value.Tasks.Select(t => t.Id.Value));
    }

    [Fact]
    public void Parse_MissingIds_GeneratesShortRandomIds()
    {
        var result = PlanParser.Parse("""{"tasks": [{"title": "A"}, {"title": "B"}]}""", null, TestContext.Current.CancellationToken);

        Assert.All(result.Value.Tasks, t => Assert.Matches("^t-[0-9a-f]{8}$", t.Id.Value));
        Assert.NotEqual(result.Value.Tasks[0].Id, result.Value.Tasks[1].Id);
    }

    [Fact]
    public void Parse_GeneratedIdTakenByExplicitId_TriesAnother()
    {
        var ids = new Queue<string>(["b", "c"]);
        var options = new PlanParseOptions { IdGenerator = ids.Dequeue };

        var result = PlanParser.Parse("""{"tasks": [{"title": "A"}, {"id": "b", "title": "B"}]}""", options, TestContext.Current.CancellationToken);

        Assert.Equal("c", result.Value.Tasks[0].Id.Value);
    }

    [Fact]
    public void Parse_LongDescriptionWithoutTitle_CutsTitleToAbout80Characters()
    {
        var description = "\n  " + new string('x', 200) + "\nsecond line";

        var result = PlanParser.Parse(JsonSerializer.Serialize(new { tasks = new[] { new { description } } }), null, TestContext.Current.CancellationToken);

        var title = result.Value.Tasks[0].Title;
        Assert.Equal(80, title.Length);
        Assert.EndsWith("…", title, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DependencyOutsideFile_ListedAsExternal()
    {
        var result = PlanParser.Parse("""{"tasks": [{"id": "a", "title": "A"}, {"id": "b", "title": "B", "depends_on": ["a", "earlier"]}]}""", null, TestContext.Current.CancellationToken);

        var external = Assert.Single(result.Value.ExternalDependencies);
        Assert.Equal(1, external.TaskIndex);
        Assert.Equal(new TaskId("b"), external.TaskId);
        Assert.Equal(new TaskId("earlier"), external.DependsOn);
        Assert.Equal("$.tasks[1].depends_on[1]", external.Path);
        Assert.Equal([new TaskId("a"), new TaskId("earlier")], result.Value.Tasks[1].DependsOn);
    }

    [Fact]
    public void Parse_NullOptionalFields_MeanNotGiven()
    {
        var result = PlanParser.Parse("""{"plan": "p", "tasks": [{"id": null, "title": "A", "context": null, "files": null, "lease": null}]}""", null, TestContext.Current.CancellationToken);

        Assert.True(result.IsOk);
        Assert.Equal("p", result.Value.Name);
        Assert.Empty(result.Value.Tasks[0].Files);
        Assert.Null(result.Value.Tasks[0].Lease);
    }

    [Fact]
    public void Parse_ContextArray_RenderedAsJsonText()
    {
        var result = PlanParser.Parse("""{"tasks": [{"title": "A", "context": ["größe", 1]}]}""", null, TestContext.Current.CancellationToken);

        Assert.Contains("\"größe\"", result.Value.Tasks[0].Context, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateEntries_AreDroppedOnce()
    {
        var result = PlanParser.Parse("""{"tasks": [{"id": "a", "title": "A"}, {"title": "B", "files": ["x", "./x"], "depends_on": ["a", "a"], "labels": ["l", "l"]}]}""", null, TestContext.Current.CancellationToken);

        var task = result.Value.Tasks[1];
        Assert.Equal(["x"], task.Files);
        Assert.Single(task.DependsOn);
        Assert.Single(task.Labels);
    }
}
