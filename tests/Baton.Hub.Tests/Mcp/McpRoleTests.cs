using Baton.Hub.Access;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Mcp;

/// <summary>/mcp lists and serves the tools of the caller's role: its token's, or a lesser one it asks for.</summary>
public sealed class McpRoleTests
{
    private const string Plan = """{"tasks": [{"id": "a", "title": "Write a", "description": "Write a.txt", "files": ["a.txt"]}]}""";

    [Fact]
    public async Task ListTools_WithAWorkerToken_ListsOnlyTheWorkerTools()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub, token: hub.CreateToken(HubRole.Worker, "w1"));

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["claim_task", "heartbeat", "report_task", "release_task", "status"], tools.Select(t => t.Name));
        Assert.DoesNotContain("create_tasks", client.ServerInstructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTools_WithAnObserverToken_ListsOnlyReads()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await HttpMcp.ConnectAsync(hub, token: hub.CreateToken(HubRole.Observer));

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["list_tasks", "show_task", "status", "wait_for_completion", "inbox"], tools.Select(t => t.Name));
    }

    [Fact]
    public async Task ListTools_CoordinatorTokenAskingForWorker_ListsTheWorkerTools()
    {
        await using var hub = await TestHub.StartAsync();
        await using var asWorker = await HttpMcp.ConnectAsync(hub, worker: "w1", query: "?role=worker");
        // Asking for more than the token has changes nothing.
        await using var observer = await HttpMcp.ConnectAsync(hub, query: "?role=coordinator", token: hub.CreateToken(HubRole.Observer));

        var workerTools = await asWorker.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        var observerTools = await observer.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["claim_task", "heartbeat", "report_task", "release_task", "status"], workerTools.Select(t => t.Name));
        Assert.DoesNotContain(observerTools, t => t.Name == "create_tasks");
    }

    [Fact]
    public async Task CallTool_OutsideTheTokensRole_IsRefusedAndChangesNothing()
    {
        await using var hub = await TestHub.StartAsync();
        await using var worker = await HttpMcp.ConnectAsync(hub, token: hub.CreateToken(HubRole.Worker, "w1"));
        await using var coordinator = await HttpMcp.ConnectAsync(hub);

        var created = await worker.CallAsync("create_tasks", Plan);

        created.AssertError("forbidden");
        var tasks = (await coordinator.CallAsync("list_tasks")).AssertOk();
        Assert.Equal(0, tasks.Json().GetProperty("tasks").GetArrayLength());
    }
}
