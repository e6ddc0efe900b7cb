using Baton.Hub.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

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

    [Fact]
    public async Task ClaimTask_Result_IsOneTextBlockCarryingTheWholeTaskAndTheDataAsStructuredContent()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub, worker: "w1");
        (await client.CallAsync("create_tasks", """
            {"tasks": [{"id": "a", "title": "Parse dates", "description": "Parse the created column as ISO 8601.",
              "context": "Rows come from csv.DictReader.", "context_files": ["docs/rows.md"], "files": ["rows.py", "test_rows.py"],
              "acceptance": ["a bad date fails with the row number"], "max_attempts": 3}]}
            """)).AssertOk();
        (await client.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();
        (await client.CallAsync("report_task", """
            {"task_id": "a", "outcome": "failed", "summary": "strptime cannot parse the Z suffix", "files": [], "context_score": 3}
            """)).AssertOk();

        var claimed = (await client.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();

        // One block, the rendering; the data is in structuredContent only (no second, JSON copy to pay for).
        var text = Assert.IsType<TextContentBlock>(Assert.Single(claimed.Content)).Text;
        Assert.Equal("a", claimed.Json().GetProperty("task").GetProperty("id").GetString());
        Assert.Equal(2, claimed.Json().GetProperty("attempt").GetInt32());
        Assert.Contains("Parse the created column as ISO 8601.", text, StringComparison.Ordinal);
        Assert.Contains("Rows come from csv.DictReader.", text, StringComparison.Ordinal);
        Assert.Contains("docs/rows.md", text, StringComparison.Ordinal);
        Assert.Contains("rows.py", text, StringComparison.Ordinal);
        Assert.Contains("test_rows.py", text, StringComparison.Ordinal);
        Assert.Contains("a bad date fails with the row number", text, StringComparison.Ordinal);
        Assert.Contains("strptime cannot parse the Z suffix", text, StringComparison.Ordinal);
        Assert.Contains("report_task", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportTask_Result_IsTheVerdictAndNextStepNotTheWholeTaskAgain()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub, worker: "w1");
        (await client.CallAsync("create_tasks", """
            {"tasks": [{"id": "a", "title": "Write a", "description": "a long body the report leaves out", "files": ["a.txt"],
              "acceptance": [{"check": "file_exists", "path": "a.txt"}]}]}
            """)).AssertOk();
        (await client.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();

        var reported = (await client.CallAsync("report_task", """
            {"task_id": "a", "outcome": "done", "summary": "wrote a.txt", "files": [], "context_score": 5}
            """)).AssertOk();

        Assert.Single(reported.Content);
        var json = reported.Json();
        Assert.Equal("a", json.GetProperty("task").GetProperty("id").GetString());
        Assert.False(json.GetProperty("task").TryGetProperty("description", out _));
        Assert.False(json.TryGetProperty("report", out _));
        Assert.Equal("done", json.GetProperty("outcome").GetString());
        var checks = json.GetProperty("checks");
        Assert.False(checks.GetProperty("passed").GetBoolean());
        Assert.Equal(1, checks.GetProperty("run").GetInt32());
        Assert.Equal(1, checks.GetProperty("failed").GetArrayLength());
        Assert.Contains("Checks failed (1 of 1)", reported.Text(), StringComparison.Ordinal);
        Assert.Contains("claim_task", reported.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolResult_ClientOfAnOlderProtocol_AlsoGetsTheJsonAsText()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub, protocolVersion: "2025-03-26");

        var status = (await client.CallAsync("status")).AssertOk();

        // 2025-03-26 has no structuredContent: the data must be in the text it reads.
        Assert.Equal(2, status.Content.Count);
        var json = System.Text.Json.JsonDocument.Parse(Assert.IsType<TextContentBlock>(status.Content[1]).Text).RootElement;
        Assert.Equal(0, json.GetProperty("total").GetInt32());
    }
}
