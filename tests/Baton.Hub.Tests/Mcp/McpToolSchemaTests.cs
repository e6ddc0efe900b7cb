using System.Text.Json;
using Baton.Hub.Access;
using Baton.Hub.Mcp;

namespace Baton.Hub.Tests.Mcp;

/// <summary>What tools/list shows a model: flat schemas that follow the plan format, and an output schema that every
/// result of its tool (errors included) satisfies.</summary>
public sealed class McpToolSchemaTests
{
    [Fact]
    public void CreateTasks_InputSchema_IsFlatAndNamesEveryFieldOfAPlanTask()
    {
        var schema = BatonTools.All.Single(t => t.Definition.Name == "create_tasks").Definition.InputSchema;
        var text = schema.GetRawText();

        Assert.DoesNotContain("\"$ref\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"$defs\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"oneOf\"", text, StringComparison.Ordinal);
        // The plan file's schema stays the definition of a task: the tool's guide names each of its fields.
        using var plan = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "schema", "task.schema.json")));
        var planFields = plan.RootElement.GetProperty("$defs").GetProperty("task").GetProperty("properties").EnumerateObject().Select(p => p.Name);
        var toolFields = schema.GetProperty("properties").GetProperty("tasks").GetProperty("items").GetProperty("properties").EnumerateObject().Select(p => p.Name);
        Assert.Equal(planFields.Order(StringComparer.Ordinal), toolFields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OutputSchemas_AreOpenObjects_SoAnErrorResultValidatesToo()
    {
        var withOutput = BatonTools.All.Where(t => t.Definition.OutputSchema is not null).ToList();

        Assert.Contains(withOutput, t => t.Definition.Name == "claim_task");
        Assert.All(withOutput, tool =>
        {
            var schema = tool.Definition.OutputSchema!.Value; // filtered above
            Assert.Equal("object", schema.GetProperty("type").GetString());
            Assert.False(schema.TryGetProperty("required", out _), $"{tool.Definition.Name}: a required field would fail its errors");
            Assert.False(schema.TryGetProperty("additionalProperties", out _), tool.Definition.Name);
        });
    }

    [Fact]
    public void For_EachRole_ListsASubsetOfTheCoordinatorsTools()
    {
        var all = BatonTools.For(HubRole.Coordinator).Select(t => t.Definition.Name).ToList();

        Assert.Equal(BatonTools.All.Select(t => t.Definition.Name), all);
        Assert.Equal(BatonTools.WorkerTools, BatonTools.For(HubRole.Worker).Select(t => t.Definition.Name));
        Assert.Equal(BatonTools.ObserverTools, BatonTools.For(HubRole.Observer).Select(t => t.Definition.Name));
        Assert.All(BatonTools.For(HubRole.Observer), t => Assert.True(t.Definition.Annotations?.ReadOnlyHint, t.Definition.Name));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Baton.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Baton.slnx above {AppContext.BaseDirectory}");
    }
}
