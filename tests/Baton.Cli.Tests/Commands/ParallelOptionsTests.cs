using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Commands;

/// <summary>The worker options of claim (capacity, labels), serve's policy, and task graph.</summary>
public sealed class ParallelOptionsTests
{
    private const string Labelled = """
        {"tasks": [
          {"id": "cpu1", "title": "plain", "description": "x"},
          {"id": "gpu1", "title": "needs a gpu", "description": "x", "labels": ["gpu"], "priority": 5},
          {"id": "cpu2", "title": "plain", "description": "x", "depends_on": ["cpu1"]}
        ]}
        """;

    [Fact]
    public async Task Claim_WithLabelsAndCapacity_TakesLabelledTaskAndHoldsTwo()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), Labelled, TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");

        var plain = (await repo.RunOkAsync("claim", "--worker", "plain", "--json")).Json();
        Assert.Equal("cpu1", plain.GetProperty("task").GetProperty("id").GetString());
        var first = (await repo.RunOkAsync("claim", "--worker", "g", "--capacity", "2", "--labels", "gpu,linux", "--json")).Json();
        Assert.Equal("gpu1", first.GetProperty("task").GetProperty("id").GetString());

        var status = (await repo.RunOkAsync("status", "--json")).Json();
        var g = status.GetProperty("workers").EnumerateArray().Single(w => w.GetProperty("name").GetString() == "g");
        Assert.Equal(2, g.GetProperty("capacity").GetInt32());
        Assert.Equal(["gpu", "linux"], g.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var none = await repo.RunAsync("claim", "--worker", "plain2");
        Assert.Equal(3, none.ExitCode);
    }

    [Fact]
    public async Task Claim_WithCapacityZero_ExitsTwo()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        var result = await repo.RunAsync("claim", "--worker", "w", "--capacity", "0");
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Serve_WithUnknownPolicy_ExitsTwoListingPolicies()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        var result = await repo.RunAsync("serve", "--policy", "fifo", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("least-loaded, round-robin, priority", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskGraph_TextDotAndJson_ShowDependenciesAndStates()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), Labelled, TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");

        var text = await repo.RunOkAsync("task", "graph");
        Assert.Contains("cpu1 [ready] plain", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("└── cpu2 [pending] plain", text.Stdout, StringComparison.Ordinal);
        var dot = await repo.RunOkAsync("task", "graph", "--dot");
        Assert.StartsWith("digraph baton {", dot.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"cpu1\" -> \"cpu2\";", dot.Stdout, StringComparison.Ordinal);
        var json = (await repo.RunOkAsync("task", "graph", "--json")).Json();
        Assert.Equal(["cpu1", "gpu1"], json.GetProperty("roots").EnumerateArray().Select(r => r.GetString()));
    }
}
