using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Commands;

public sealed class TaskCommandTests
{
    [Fact]
    public async Task TaskAdd_WithOptions_AppearsInListAndShow()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");

        var added = await repo.RunOkAsync("task", "add", "--title", "Summarize a", "--id", "sum-a", "--description", "Summarize a.txt",
            "--files", "summaries/a.md", "--accept", "summaries/a.md exists", "--priority", "2", "--json");

        Assert.Equal("sum-a", added.Json().GetProperty("id").GetString());
        var list = await repo.RunOkAsync("task", "list", "--json");
        var task = Assert.Single(list.Json().GetProperty("tasks").EnumerateArray());
        Assert.Equal("sum-a", task.GetProperty("id").GetString());
        Assert.Equal("ready", task.GetProperty("state").GetString());
        Assert.Equal(2, task.GetProperty("priority").GetInt32());
        var table = await repo.RunOkAsync("task", "list");
        Assert.Contains("sum-a", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Summarize a", table.Stdout, StringComparison.Ordinal);
        var show = await repo.RunOkAsync("task", "show", "sum-a", "--json");
        Assert.Equal("Summarize a", show.Json().GetProperty("task").GetProperty("title").GetString());
        Assert.Equal("summaries/a.md", show.Json().GetProperty("task").GetProperty("files")[0].GetString());
    }

    [Fact]
    public async Task TaskImport_MalformedPlan_ExitsTwoListsEveryProblemAndChangesNothing()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("good.json"), Plans.Three(), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(repo.PathOf("bad.json"), Plans.Malformed, TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "good.json");
        var before = await repo.RunOkAsync("task", "list", "--json");

        var bad = await repo.RunAsync("task", "import", "bad.json", "--json");

        Assert.True(bad.ExitCode == 2, bad.ToString());
        var details = bad.Json().GetProperty("error").GetProperty("details");
        Assert.True(details.GetArrayLength() >= 3, bad.ToString());
        Assert.True(bad.Stderr.Split('\n').Count(l => l.StartsWith("  ", StringComparison.Ordinal)) >= 3, bad.ToString());
        var after = await repo.RunOkAsync("task", "list", "--json");
        Assert.Equal(before.Stdout, after.Stdout);
    }

    [Fact]
    public async Task TaskImport_PlanNotValidUtf8_ExitsTwoNamingTheByteAndImportsNothing()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        // "x" then the bytes FF FE (UTF-16's byte order mark, never valid in UTF-8) inside a description.
        var bytes = "{\"tasks\": [\n{\"id\": \"a\", \"title\": \"A\", \"description\": \"x"u8.ToArray().Concat(new byte[] { 0xFF, 0xFE }).Concat("\"}]}"u8.ToArray()).ToArray();
        await File.WriteAllBytesAsync(repo.PathOf("latin.json"), bytes, TestContext.Current.CancellationToken);

        var bad = await repo.RunAsync("task", "import", "latin.json", "--json");

        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("plan latin.json is not valid UTF-8: 0xFF at byte offset 55 (line 2)", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal("bad_request", bad.Json().GetProperty("error").GetProperty("code").GetString());
        Assert.Empty((await repo.RunOkAsync("task", "list", "--json")).Json().GetProperty("tasks").EnumerateArray());
    }

    [Fact]
    public async Task TaskImport_PlanWithAByteOrderMark_Imports()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("""{"tasks": [{"id": "a", "title": "A"}]}"""u8.ToArray()).ToArray();
        await File.WriteAllBytesAsync(repo.PathOf("bom.json"), bytes, TestContext.Current.CancellationToken);

        await repo.RunOkAsync("task", "import", "bom.json");

        Assert.Single((await repo.RunOkAsync("task", "list", "--json")).Json().GetProperty("tasks").EnumerateArray());
    }

    [Fact]
    public async Task TaskListAndShow_TitleWithEscapeSequence_PrintsItEscaped()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), """{"tasks": [{"id": "a", "title": "\u001b[31mred\u001b]0;pwned\u0007", "description": "line one\nline two"}]}""",
            TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");

        var list = await repo.RunOkAsync("task", "list");
        var show = await repo.RunOkAsync("task", "show", "a");
        var json = await repo.RunOkAsync("task", "show", "a", "--json");

        foreach (var output in new[] { list.Stdout, show.Stdout })
        {
            Assert.DoesNotContain('\u001b', output);
            Assert.DoesNotContain('\u0007', output);
            Assert.Contains("\\u001b[31mred\\u001b]0;pwned\\u0007", output, StringComparison.Ordinal);
        }
        Assert.Contains("  line one\n  line two\n", show.Stdout, StringComparison.Ordinal);
        // JSON output carries the text itself (JSON escapes it), for programs to read.
        Assert.Equal("\u001b[31mred\u001b]0;pwned\u0007", json.Json().GetProperty("task").GetProperty("title").GetString());
    }

    [Fact]
    public async Task TaskImport_LargePlan_NamesTheFirstTwentyIdsOnOneLine()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        var plan = "{\"tasks\":[" + string.Join(",", Enumerable.Range(0, 50).Select(i => $"{{\"id\":\"t{i}\",\"title\":\"task {i}\"}}")) + "]}";

        var imported = await BatonCli.RunAsync(repo.Root, ["task", "import", "-"], stdin: plan);

        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains("imported 50 task(s)", imported.Stdout, StringComparison.Ordinal);
        Assert.Contains("t19, … and 30 more", imported.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("t20", imported.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskImport_FromStdin_ImportsThePlan()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");

        var imported = await BatonCli.RunAsync(repo.Root, ["task", "import", "-", "--json"], stdin: Plans.Three("s"));

        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Equal(3, imported.Json().GetProperty("imported").GetArrayLength());
    }

    [Fact]
    public async Task TaskCancel_ReadyTask_IsCancelled()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await repo.RunOkAsync("task", "add", "--title", "Doomed", "--id", "d1");

        await repo.RunOkAsync("task", "cancel", "d1", "--reason", "not needed");

        var show = await repo.RunOkAsync("task", "show", "d1", "--json");
        Assert.Equal("cancelled", show.Json().GetProperty("task").GetProperty("state").GetString());
    }

    [Fact]
    public async Task TaskFormat_NamesEveryFieldAndCheckOfTheSchema_AndSchemaPrintsIt()
    {
        using var repo = new TempRepo();
        var schemaText = await File.ReadAllTextAsync(Path.Combine(SourceTree.Root, "schema", "task.schema.json"), TestContext.Current.CancellationToken);
        using var schema = System.Text.Json.JsonDocument.Parse(schemaText);
        var defs = schema.RootElement.GetProperty("$defs");

        var format = await repo.RunOkAsync("task", "format");

        // A field or check added to the schema must be added to what agents read, or this fails.
        foreach (var field in defs.GetProperty("task").GetProperty("properties").EnumerateObject())
        {
            Assert.Matches($@"(?m)^  {field.Name} ", format.Stdout);
        }
        foreach (var def in defs.EnumerateObject().Where(d => d.Name.StartsWith("check_", StringComparison.Ordinal) && d.Value.TryGetProperty("properties", out _)))
        {
            var kind = def.Name["check_".Length..];
            Assert.Matches($@"(?m)^  {kind} ", format.Stdout);
            var line = format.Stdout.Split('\n').SkipWhile(l => !l.StartsWith($"  {kind} ", StringComparison.Ordinal)).Take(2);
            foreach (var property in def.Value.GetProperty("properties").EnumerateObject().Where(p => p.Name is not ("check" or "name")))
            {
                Assert.Contains(line, l => l.Contains(property.Name, StringComparison.Ordinal));
            }
        }
        var printed = await repo.RunOkAsync("task", "format", "--schema");
        Assert.Equal(schemaText, printed.Stdout);
    }

    [Fact]
    public async Task TaskFormat_Example_ImportsAsItIs()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        var format = await repo.RunOkAsync("task", "format");
        var example = format.Stdout[format.Stdout.IndexOf("{\"tasks\"", StringComparison.Ordinal)..];
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), example, TestContext.Current.CancellationToken);

        var imported = await repo.RunOkAsync("task", "import", "plan.json", "--json");

        Assert.Equal(["api", "docs"], imported.Json().GetProperty("imported").EnumerateArray().Select(e => e.GetString() ?? "").ToArray());
    }
}
