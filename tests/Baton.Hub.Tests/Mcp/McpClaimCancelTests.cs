using System.Net.Http.Headers;
using System.Text;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Mcp;

/// <summary>
/// A waiting <c>claim_task</c> over Streamable HTTP whose client gives up (cancels the call or goes away) must never
/// lease a task: a task that becomes ready afterwards goes to a worker that is still waiting.
/// </summary>
public sealed class McpClaimCancelTests
{
    private const int ClaimAbandonedEventId = 2207;

    [Fact]
    public async Task ClaimTask_ClientDisconnectsWhileWaiting_LaterTaskGoesToAWaitingWorker()
    {
        var logs = new LogSink();
        await using var hub = await TestHub.StartAsync(logs: logs);
        await using var coordinator = await HttpMcp.ConnectAsync(hub);
        await using var stayer = await HttpMcp.ConnectAsync(hub, worker: "w2");
        var leaver = await HttpMcp.ConnectAsync(hub, worker: "w1");

        // w1 queues first, so with both waiting it would be served first.
        var mark = hub.Probe.Mark();
        var leaving = leaver.CallAsync("claim_task", """{"wait_seconds": 40}""");
        await hub.Probe.WaitForWaitersAsync(1, mark);
        var staying = stayer.CallAsync("claim_task", """{"wait_seconds": 40}""");
        await hub.Probe.WaitForWaitersAsync(2, mark);

        // The client goes away with its call still open, as an agent whose process ended would.
        await leaver.DisposeAsync();
        await Poll.UntilAsync(() => Task.FromResult(logs.Entries.Any(e => e.EventId == ClaimAbandonedEventId && e.Message.Contains("w1", StringComparison.Ordinal))));
        (await coordinator.CallAsync("create_tasks", """{"tasks": [{"id": "late", "title": "Arrives after w1 left"}]}""")).AssertOk();

        var claimed = (await staying.WaitAsync(TestTimeouts.Default, TestContext.Current.CancellationToken)).AssertOk();
        Assert.Equal("late", claimed.Json().GetProperty("task").GetProperty("id").GetString());
        Assert.Equal("w2", claimed.Json().GetProperty("lease").GetProperty("worker").GetString());
        await Assert.ThrowsAnyAsync<Exception>(() => leaving);
    }

    [Fact]
    public async Task ClaimTask_CancelledByNotificationWhileItsPostStaysOpen_NeverLeasesTheTask()
    {
        var logs = new LogSink();
        await using var hub = await TestHub.StartAsync(logs: logs);
        await using var coordinator = await HttpMcp.ConnectAsync(hub);
        using var http = hub.Http();

        // What the TypeScript SDK does when its request timeout passes: it sends notifications/cancelled in a POST of
        // its own and leaves the first POST's response open (it stops reading it, but does not abort it).
        var mark = hub.Probe.Mark();
        using var call = Post(http, """{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "claim_task", "arguments": {"worker": "w1", "wait_seconds": 40}}}""");
        var open = http.SendAsync(call, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        await hub.Probe.WaitForWaitersAsync(1, mark);
        using var cancel = Post(http, """{"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 7, "reason": "timed out"}}""");
        using var cancelled = await http.SendAsync(cancel, TestContext.Current.CancellationToken);
        Assert.True(cancelled.IsSuccessStatusCode, $"the cancel notification got {(int)cancelled.StatusCode}");

        // The claim has left the queue before the task exists; a later task goes to whoever asks next.
        await Poll.UntilAsync(() => Task.FromResult(logs.Entries.Any(e => e.EventId == ClaimAbandonedEventId && e.Message.Contains("w1", StringComparison.Ordinal))));
        (await coordinator.CallAsync("create_tasks", """{"tasks": [{"id": "late", "title": "Arrives after w1 gave up"}]}""")).AssertOk();
        var show = (await coordinator.CallAsync("show_task", """{"task_id": "late"}""")).AssertOk();
        Assert.Equal("ready", show.Json().GetProperty("task").GetProperty("state").GetString());
        await using var w2 = await HttpMcp.ConnectAsync(hub, worker: "w2");
        var claimed = (await w2.CallAsync("claim_task", """{"wait_seconds": 0}""")).AssertOk();
        Assert.Equal("late", claimed.Json().GetProperty("task").GetProperty("id").GetString());
        (await open).Dispose();
    }

    private static HttpRequestMessage Post(HttpClient http, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(http.BaseAddress!, "/mcp"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        return request;
    }
}
