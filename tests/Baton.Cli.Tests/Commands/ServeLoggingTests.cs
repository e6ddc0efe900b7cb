using System.Net.Http.Headers;
using System.Text;
using Baton.Cli.Tests.Crash;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Commands;

/// <summary>What an operator sees on <c>baton serve</c>'s stderr.</summary>
public sealed class ServeLoggingTests
{
    [Fact]
    public async Task Serve_McpCalls_LeaveNoPerCallLinesInTheLog()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        using var hub = await HubProcess.StartAsync(repo.Root, HubProcess.FreePort());
        using var http = hub.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        // A graceful stop: the hub shuts down and its logger flushes, so a line the call logged would be in the log now.
        await hub.StopAsync();

        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Contains("\"serverInfo\"", body, StringComparison.Ordinal);
        Assert.Contains("hub listening on", hub.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("ModelContextProtocol", hub.Log, StringComparison.Ordinal);
    }
}
