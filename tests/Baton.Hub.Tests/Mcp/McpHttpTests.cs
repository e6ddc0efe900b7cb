using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Mcp;

/// <summary>The hub's MCP endpoint at /mcp over Streamable HTTP, driven by the official C# SDK client against a real Kestrel.</summary>
public sealed class McpHttpTests
{
    private const string TwoTasks = """
        {"tasks": [
          {"id": "a", "title": "Write a", "description": "Write a.txt", "files": ["a.txt"]},
          {"id": "b", "title": "Write b", "description": "Write b.txt", "files": ["b.txt"]}
        ]}
        """;

    private const string BadPlan = """
        {"tasks": [
          {"id": "m1", "title": "fine", "description": "fine"},
          {"id": "m2", "priority": "high"},
          {"id": "m1", "title": "duplicate", "description": "duplicate id"}
        ]}
        """;

    private const string DoneReport = """
        {"task_id": "a", "outcome": "done", "summary": "wrote a.txt", "context_score": 4}
        """;

    private static async Task<string?> StateOfAsync(ModelContextProtocol.Client.McpClient client, string taskId)
        => (await client.CallAsync("show_task", $$"""{"task_id": "{{taskId}}"}""")).AssertOk().Json().GetProperty("task").GetProperty("state").GetString();

    [Fact]
    public async Task ListTools_OverHttp_ListsEveryToolWithAnObjectSchema()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub);

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(
            ["create_tasks", "list_tasks", "show_task", "status", "wait_for_completion", "inbox", "resolve", "claim_task", "heartbeat", "report_task", "release_task"],
            tools.Select(t => t.Name));
        Assert.All(tools, t => Assert.Equal("object", t.JsonSchema.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task CreateTasks_WithBadPlan_ListsEveryProblemAndCreatesNothing()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub);

        var result = await client.CallAsync("create_tasks", BadPlan);

        result.AssertError("invalid_plan");
        var details = result.Json().GetProperty("error").GetProperty("details").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains(details, d => d.StartsWith("$.tasks[1]", StringComparison.Ordinal));
        Assert.Contains(details, d => d.StartsWith("$.tasks[2]", StringComparison.Ordinal));
        var tasks = (await client.CallAsync("list_tasks")).AssertOk();
        Assert.Equal(0, tasks.Json().GetProperty("tasks").GetArrayLength());
    }

    [Fact]
    public async Task CreateClaimReport_WorkerFromHeader_CompletesTheTask()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub, worker: "w1");

        (await client.CallAsync("create_tasks", TwoTasks)).AssertOk();
        var claimed = (await client.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();
        Assert.Equal("a", claimed.Json().GetProperty("task").GetProperty("id").GetString());
        Assert.Equal("w1", claimed.Json().GetProperty("lease").GetProperty("worker").GetString());
        var reported = (await client.CallAsync("report_task", DoneReport)).AssertOk();

        Assert.Equal("done", reported.Json().GetProperty("task").GetProperty("state").GetString());
        var status = (await client.CallAsync("status")).AssertOk();
        Assert.Equal(1, status.Json().GetProperty("done").GetInt32());
    }

    [Fact]
    public async Task ReportTask_WithNext_ReturnsTheNextTaskInTheSameCall()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub, worker: "w1");
        (await client.CallAsync("create_tasks", TwoTasks)).AssertOk();
        (await client.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();

        var reported = (await client.CallAsync("report_task", """
            {"task_id": "a", "outcome": "done", "summary": "wrote a.txt", "files": [], "context_score": 4, "next": true}
            """)).AssertOk();

        Assert.Equal("done", reported.Json().GetProperty("task").GetProperty("state").GetString());
        var next = reported.Json().GetProperty("next");
        Assert.Equal("b", next.GetProperty("task").GetProperty("id").GetString());
        Assert.Equal("w1", next.GetProperty("lease").GetProperty("worker").GetString());
        Assert.Contains("You now hold task b", reported.Text(), StringComparison.Ordinal);
        Assert.Equal("leased", await StateOfAsync(client, "b"));
    }

    [Fact]
    public async Task ReportTask_WithNextWhenNothingIsReady_ReportsAndSaysWhyNoTaskCame()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub, worker: "w1");
        (await client.CallAsync("create_tasks", """{"tasks": [{"id": "a", "title": "Write a"}]}""")).AssertOk();
        (await client.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();

        var reported = (await client.CallAsync("report_task", """
            {"task_id": "a", "outcome": "done", "summary": "wrote a.txt", "files": [], "context_score": 4, "next": true}
            """)).AssertOk();

        Assert.Equal("done", reported.Json().GetProperty("task").GetProperty("state").GetString());
        Assert.False(reported.Json().TryGetProperty("next", out var next) && next.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.Contains("No next task", reported.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportTask_WithNextWaiting_HoldsTheCallUntilWorkComes()
    {
        await using var hub = await TestHub.StartAsync();
        await using var worker = await HttpMcp.ConnectAsync(hub, worker: "w1");
        await using var coordinator = await HttpMcp.ConnectAsync(hub);
        (await coordinator.CallAsync("create_tasks", """{"tasks": [{"id": "a", "title": "Write a"}]}""")).AssertOk();
        (await worker.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();

        var report = worker.CallAsync("report_task", """
            {"task_id": "a", "outcome": "done", "summary": "wrote a.txt", "files": [], "context_score": 4, "next": true, "next_wait_seconds": 30}
            """);
        // The report is applied at once; the call then waits at the hub's queue for the next task.
        await Poll.UntilAsync(async () => await StateOfAsync(coordinator, "a") == "done");
        Assert.False(report.IsCompleted);
        (await coordinator.CallAsync("create_tasks", """{"tasks": [{"id": "c", "title": "Write c"}]}""")).AssertOk();

        var reported = (await report.WaitAsync(TestTimeouts.Default, TestContext.Current.CancellationToken)).AssertOk();
        Assert.Equal("c", reported.Json().GetProperty("next").GetProperty("task").GetProperty("id").GetString());
    }

    [Fact]
    public async Task ReportTask_NextWaitWithoutNext_IsRefusedAndChangesNothing()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub, worker: "w1");
        (await client.CallAsync("create_tasks", TwoTasks)).AssertOk();
        (await client.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();

        var result = await client.CallAsync("report_task", """
            {"task_id": "a", "outcome": "done", "summary": "wrote a.txt", "files": [], "context_score": 4, "next_wait_seconds": 5}
            """);

        result.AssertError("bad_request");
        Assert.Equal("leased", await StateOfAsync(client, "a"));
    }

    [Fact]
    public async Task ClaimTask_NothingReadyAndNoWait_ReturnsNoTask()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub, worker: "w1");

        var result = await client.CallAsync("claim_task", """{"wait_seconds": 0}""");

        result.AssertError("no_task");
    }

    [Fact]
    public async Task ReportTask_FromWorkerWithoutTheLease_ReturnsLeaseNotHeld()
    {
        await using var hub = await TestHub.StartAsync();
        await using var holder = await HttpMcp.ConnectAsync(hub, worker: "w1");
        await using var other = await HttpMcp.ConnectAsync(hub, query: "?worker=w2");
        (await holder.CallAsync("create_tasks", TwoTasks)).AssertOk();
        (await holder.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();

        var result = await other.CallAsync("report_task", DoneReport);

        result.AssertError("lease_not_held");
        Assert.Contains("w2", result.Text(), StringComparison.Ordinal);
        Assert.Equal("leased", await StateOfAsync(holder, "a"));
    }

    [Fact]
    public async Task ClaimTask_WaitingWhenTasksArrive_HoldsTheCallUntilWorkComes()
    {
        await using var hub = await TestHub.StartAsync();
        await using var worker = await HttpMcp.ConnectAsync(hub, worker: "w1");
        await using var coordinator = await HttpMcp.ConnectAsync(hub);

        // The call is made before any task exists and must be answered when one arrives: a turn-based agent is
        // handed work only inside a call it is already making.
        var claim = worker.CallAsync("claim_task", """{"wait_seconds": 30}""");
        Assert.False(claim.IsCompleted);
        (await coordinator.CallAsync("create_tasks", TwoTasks)).AssertOk();

        var claimed = (await claim.WaitAsync(TestTimeouts.Default, TestContext.Current.CancellationToken)).AssertOk();
        Assert.Equal("a", claimed.Json().GetProperty("task").GetProperty("id").GetString());
    }

    [Fact]
    public async Task WaitForCompletion_UntilLastTaskReported_ReturnsComplete()
    {
        await using var hub = await TestHub.StartAsync();
        await using var worker = await HttpMcp.ConnectAsync(hub, worker: "w1");
        await using var coordinator = await HttpMcp.ConnectAsync(hub);
        (await coordinator.CallAsync("create_tasks", """{"tasks": [{"id": "a", "title": "Write a", "files": ["a.txt"]}]}""")).AssertOk();
        (await worker.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();

        var waiting = coordinator.CallAsync("wait_for_completion", """{"timeout_seconds": 30}""");
        (await worker.CallAsync("report_task", DoneReport)).AssertOk();

        var result = (await waiting.WaitAsync(TestTimeouts.Default, TestContext.Current.CancellationToken)).AssertOk();
        Assert.True(result.Json().GetProperty("complete").GetBoolean(), result.Text());
        Assert.Equal("a", result.Json().GetProperty("finished")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task WaitForCompletion_TimeoutWithOpenTasks_ReturnsWhatIsOpen()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub);
        (await client.CallAsync("create_tasks", TwoTasks)).AssertOk();

        var result = (await client.CallAsync("wait_for_completion", """{"task_ids": ["b"], "timeout_seconds": 0}""")).AssertOk();

        Assert.True(result.Json().GetProperty("timed_out").GetBoolean());
        Assert.Equal("b", result.Json().GetProperty("open")[0].GetProperty("id").GetString());
        Assert.Equal(1, result.Json().GetProperty("open").GetArrayLength());
    }

    [Fact]
    public async Task Tools_InitializeHandshakeClient_WorkOnTheStatelessEndpoint()
    {
        await using var hub = await TestHub.StartAsync();
        // Most agents today speak a revision with the initialize handshake (the TypeScript SDK 1.x does).
        await using var client = await HttpMcp.ConnectAsync(hub, worker: "w1", protocolVersion: "2025-06-18");

        (await client.CallAsync("create_tasks", TwoTasks)).AssertOk();
        var claimed = (await client.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();

        Assert.Equal("a", claimed.Json().GetProperty("task").GetProperty("id").GetString());
    }
}
