using Baton.Cli.Tests.Support;
using Baton.Hub;
using Microsoft.Extensions.Logging;

namespace Baton.Cli.Tests.Mcp;

/// <summary><c>baton mcp</c> over stdio, driven by the official C# SDK client against the real built binary.</summary>
public sealed class McpStdioTests
{
    private static readonly string[] ToolNames =
    [
        "create_tasks", "list_tasks", "show_task", "status", "wait_for_completion", "inbox", "resolve",
        "claim_task", "heartbeat", "report_task", "release_task",
    ];

    [Fact]
    public async Task ListTools_OverStdio_ListsEveryToolWithAnObjectSchemaAndDescription()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await using var client = await StdioMcp.ConnectAsync(repo);

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ToolNames, tools.Select(t => t.Name));
        Assert.All(tools, tool =>
        {
            Assert.Equal("object", tool.JsonSchema.GetProperty("type").GetString());
            Assert.True(tool.Description.Length > 60, $"{tool.Name} needs a description written for a model");
        });
        // create_tasks' schema is flat: clients that cannot follow $ref or oneOf see the task's fields.
        var createTasks = tools.Single(t => t.Name == "create_tasks").JsonSchema.GetRawText();
        Assert.DoesNotContain("\"$ref\"", createTasks, StringComparison.Ordinal);
        Assert.DoesNotContain("\"oneOf\"", createTasks, StringComparison.Ordinal);
        Assert.DoesNotContain("\"$defs\"", createTasks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTools_WithAWorkerAndNoRole_ListsExactlyTheWorkerTools()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        // --worker without --role: the worker role, as in a worker chat's MCP entry.
        await using var client = await StdioMcp.ConnectAsync(repo, worker: "w1", role: null);

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["claim_task", "heartbeat", "report_task", "release_task", "status"], tools.Select(t => t.Name));
        Assert.Contains("claim_task", client.ServerInstructions, StringComparison.Ordinal);
        Assert.DoesNotContain("create_tasks", client.ServerInstructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_OutsideTheRole_IsRefusedAndChangesNothing()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await using var worker = await StdioMcp.ConnectAsync(repo, worker: "w1", role: "worker");
        await using var observer = await StdioMcp.ConnectAsync(repo, worker: null, role: "observer");

        var created = await worker.CallAsync("create_tasks", Plans.Three());
        var claimed = await observer.CallAsync("claim_task", """{"worker": "w1", "wait_seconds": 0}""");

        created.AssertError("forbidden");
        Assert.Contains("--role coordinator", created.Text(), StringComparison.Ordinal);
        claimed.AssertError("forbidden");
        Assert.Contains("--role worker", claimed.Text(), StringComparison.Ordinal);
        var status = (await worker.CallAsync("status")).AssertOk();
        Assert.Equal(0, status.Json().GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task CreateTasks_WithBadPlan_ListsEveryProblemAndCreatesNothing()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await using var client = await StdioMcp.ConnectAsync(repo);

        var result = await client.CallAsync("create_tasks", Plans.Malformed);

        result.AssertError("invalid_plan");
        var details = result.Json().GetProperty("error").GetProperty("details").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.True(details.Count >= 2, result.Text());
        Assert.All(details, detail => Assert.StartsWith("$.tasks[", detail, StringComparison.Ordinal));
        var status = (await client.CallAsync("status")).AssertOk();
        Assert.Equal(0, status.Json().GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task CreateClaimReport_OverStdio_CompletesTheTask()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await using var client = await StdioMcp.ConnectAsync(repo, worker: "w1");

        var created = (await client.CallAsync("create_tasks", Plans.Three())).AssertOk();
        Assert.Equal(["t1", "t2", "t3"], created.Json().GetProperty("imported").EnumerateArray().Select(e => e.GetString()));

        var claimed = (await client.CallAsync("claim_task", """{"wait_seconds": 0, "lease": "15m"}""")).AssertOk();
        Assert.Equal("t1", claimed.Json().GetProperty("task").GetProperty("id").GetString());
        Assert.Equal("w1", claimed.Json().GetProperty("lease").GetProperty("worker").GetString());
        Assert.Contains("You now hold task t1", claimed.Text(), StringComparison.Ordinal);
        Assert.Contains("summaries/a.md", claimed.Text(), StringComparison.Ordinal);

        (await client.CallAsync("heartbeat", """{"task_id": "t1", "note": "half way"}""")).AssertOk();
        var reported = (await client.CallAsync("report_task", """
            {"task_id": "t1", "outcome": "done", "summary": "wrote the summary", "files": [], "context_score": 5}
            """)).AssertOk();

        Assert.Equal("done", reported.Json().GetProperty("task").GetProperty("state").GetString());
        var shown = (await client.CallAsync("show_task", """{"task_id": "t1"}""")).AssertOk();
        Assert.Contains("wrote the summary", shown.Text(), StringComparison.Ordinal);
        var done = (await client.CallAsync("list_tasks", """{"state": "done"}""")).AssertOk();
        Assert.Equal("t1", done.Json().GetProperty("tasks")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task CreateClaimReport_ThroughHub_CompletesTheTask()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await using var hub = await BatonHub.StartAsync(new HubOptions
        {
            StorePath = repo.PathOf(".baton/baton.db"),
            Urls = "http://127.0.0.1:0",
            ConfigureLogging = logging => logging.ClearProviders(),
        }, TestContext.Current.CancellationToken);
        await using var client = await StdioMcp.ConnectAsync(repo, worker: "w1", server: hub.Url);

        (await client.CallAsync("create_tasks", Plans.Three())).AssertOk();
        var claimed = (await client.CallAsync("claim_task", """{"wait_seconds": 5}""")).AssertOk();
        var id = claimed.Json().GetProperty("task").GetProperty("id").GetString();
        var reported = (await client.CallAsync("report_task", $$"""
            {"task_id": "{{id}}", "outcome": "done", "summary": "done through the hub", "files": [], "context_score": 4}
            """)).AssertOk();

        Assert.Equal("done", reported.Json().GetProperty("task").GetProperty("state").GetString());
    }

    [Fact]
    public async Task ClaimTask_NothingReadyAndNoWait_ReturnsNoTask()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await using var client = await StdioMcp.ConnectAsync(repo);

        var result = await client.CallAsync("claim_task", """{"wait_seconds": 0}""");

        result.AssertError("no_task");
        Assert.Contains("claim_task again", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportTask_FromWorkerWithoutTheLease_ReturnsLeaseNotHeld()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await using var client = await StdioMcp.ConnectAsync(repo, worker: "w1");
        (await client.CallAsync("create_tasks", Plans.Three())).AssertOk();
        (await client.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();

        var result = await client.CallAsync("report_task", """
            {"task_id": "t1", "worker": "w2", "outcome": "done", "summary": "not mine", "files": [], "context_score": 3}
            """);

        result.AssertError("lease_not_held");
        Assert.Contains("w2", result.Text(), StringComparison.Ordinal);
        var task = (await client.CallAsync("show_task", """{"task_id": "t1"}""")).AssertOk();
        Assert.Equal("leased", task.Json().GetProperty("task").GetProperty("state").GetString());
    }

    [Fact]
    public async Task WorkerTools_WithNoWorkerAnywhere_SayHowToNameOne()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await using var client = await StdioMcp.ConnectAsync(repo, worker: null);

        var result = await client.CallAsync("claim_task", """{"wait_seconds": 0}""");

        result.AssertError("bad_request");
        Assert.Contains("--worker", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_WithUnknownArgument_NamesItAndTheExpectedOnes()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await using var client = await StdioMcp.ConnectAsync(repo);

        var result = await client.CallAsync("claim_task", """{"wait": 0}""");

        result.AssertError("bad_request");
        Assert.Contains("\"wait\"", result.Text(), StringComparison.Ordinal);
        Assert.Contains("wait_seconds", result.Text(), StringComparison.Ordinal);
    }
}
