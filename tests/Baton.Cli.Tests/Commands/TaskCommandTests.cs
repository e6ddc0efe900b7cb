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
}
