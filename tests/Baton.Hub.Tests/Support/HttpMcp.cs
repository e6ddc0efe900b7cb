using ModelContextProtocol.Client;

namespace Baton.Hub.Tests.Support;

/// <summary>Connects the C# SDK's client to a test hub's <c>/mcp</c> over Streamable HTTP.</summary>
internal static class HttpMcp
{
    /// <param name="hub">The hub.</param>
    /// <param name="worker">Sent as the X-Baton-Worker header, when given.</param>
    /// <param name="query">Appended to the endpoint, e.g. <c>?worker=w2</c>.</param>
    /// <param name="protocolVersion">Pins a protocol revision; null lets the client negotiate the newest.</param>
    /// <param name="token">The bearer token; default the hub's own (coordinator).</param>
    public static async Task<McpClient> ConnectAsync(TestHub hub, string? worker = null, string query = "", string? protocolVersion = null, string? token = null)
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + (token ?? hub.Token) };
        if (worker is not null)
        {
            headers["X-Baton-Worker"] = worker;
        }
        var options = new HttpClientTransportOptions
        {
            Endpoint = new Uri(hub.Url, "/mcp" + query),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        };
        var transport = new HttpClientTransport(options);
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion },
            cancellationToken: TestContext.Current.CancellationToken);
    }
}
