using Baton.Hub.Tests.Support;
using ModelContextProtocol;

namespace Baton.Hub.Tests.Mcp;

/// <summary>What every tool promises a client: its hints, its result shape, and a protocol error for a tool that does not exist.</summary>
public sealed class McpToolShapeTests
{
    [Fact]
    public async Task ListTools_EveryTool_SaysWhetherItIsReadOnlyDestructiveAndIdempotent()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub);

        var tools = (await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken)).ToDictionary(t => t.Name);

        Assert.All(tools.Values, t =>
        {
            var hints = t.ProtocolTool.Annotations;
            Assert.NotNull(hints);
            Assert.NotNull(hints.ReadOnlyHint);
            Assert.NotNull(hints.DestructiveHint);
            Assert.NotNull(hints.IdempotentHint);
        });
        // Releasing a lease and cancelling a task drop work: a client must not run them unasked.
        Assert.True(tools["release_task"].ProtocolTool.Annotations!.DestructiveHint);
        Assert.True(tools["resolve"].ProtocolTool.Annotations!.DestructiveHint);
        Assert.True(tools["heartbeat"].ProtocolTool.Annotations!.IdempotentHint);
        Assert.False(tools["claim_task"].ProtocolTool.Annotations!.IdempotentHint);
        Assert.True(tools["status"].ProtocolTool.Annotations!.ReadOnlyHint);
    }

    [Fact]
    public async Task CallTool_UnknownName_IsJsonRpcInvalidParams()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallAsync("no_such_tool"));

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("claim_task", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inbox_WithAnEscalation_StructuredContentIsAnObject()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub, worker: "w1");
        (await client.CallAsync("create_tasks", """{"tasks": [{"id": "a", "title": "Write a"}]}""")).AssertOk();
        (await client.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();
        (await client.CallAsync("report_task", """{"task_id": "a", "outcome": "blocked", "summary": "which format?", "files": [], "context_score": 2}""")).AssertOk();

        var inbox = (await client.CallAsync("inbox")).AssertOk();

        Assert.NotNull(inbox.StructuredContent);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, inbox.StructuredContent.Value.ValueKind);
        Assert.Equal("a", inbox.StructuredContent.Value.GetProperty("inbox")[0].GetProperty("escalation").GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task ListTasks_ByDefault_GivesOneLineTasksUpToTheLimitAndTheTotal()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub);
        (await client.CallAsync("create_tasks", """
            {"tasks": [
              {"id": "a", "title": "Write a", "description": "a long body the list leaves out"},
              {"id": "b", "title": "Write b", "depends_on": ["a"]},
              {"id": "c", "title": "Write c"}
            ]}
            """)).AssertOk();

        var shortList = (await client.CallAsync("list_tasks", """{"limit": 2}""")).AssertOk();
        var full = (await client.CallAsync("list_tasks", """{"full": true}""")).AssertOk();

        var tasks = shortList.Json().GetProperty("tasks");
        Assert.Equal(2, tasks.GetArrayLength());
        Assert.Equal(3, shortList.Json().GetProperty("total").GetInt32());
        Assert.False(tasks[0].TryGetProperty("description", out _));
        Assert.Equal("a", tasks[1].GetProperty("depends_on")[0].GetString());
        Assert.Contains("1 more", shortList.Text(), StringComparison.Ordinal);
        Assert.Equal("a long body the list leaves out", full.Json().GetProperty("tasks")[0].GetProperty("description").GetString());
        (await client.CallAsync("list_tasks", """{"limit": 0}""")).AssertError("bad_request");
    }

    [Fact]
    public async Task ReportTask_ChecksPass_SaysTheyPassedNotThatTheyAreRunning()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub, worker: "w1");
        (await client.CallAsync("create_tasks", """
            {"tasks": [{"id": "a", "title": "Write a", "files": ["a.txt"], "acceptance": [{"check": "file_exists", "path": "a.txt"}]}]}
            """)).AssertOk();
        (await client.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(hub.AccessDirectory)!, "a.txt"), "a", TestContext.Current.CancellationToken);

        var reported = (await client.CallAsync("report_task", """
            {"task_id": "a", "outcome": "done", "summary": "wrote a.txt", "files": ["a.txt"], "context_score": 5}
            """)).AssertOk();

        Assert.Equal("done", reported.Json().GetProperty("task").GetProperty("state").GetString());
        Assert.DoesNotContain("running", reported.Text(), StringComparison.Ordinal);
        Assert.Contains("passed its 1 acceptance check", reported.Text(), StringComparison.Ordinal);
    }
}
