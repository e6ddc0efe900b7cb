using ModelContextProtocol.Client;

namespace Baton.Cli.Tests.Support;

/// <summary>Starts the built <c>baton mcp</c> as a child process and connects the C# SDK's client over its stdio.</summary>
internal static class StdioMcp
{
    public static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "baton.dll");

    public static readonly string DotnetHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host
        ? host
        : "dotnet";

    public static async Task<McpClient> ConnectAsync(TempRepo repo, string? worker = "w1")
    {
        string[] args = [Dll, "mcp", "--store", repo.PathOf(".baton/baton.db"), .. worker is null ? [] : new[] { "--worker", worker }];
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "baton",
            Command = DotnetHost,
            Arguments = args,
            WorkingDirectory = repo.Root,
            // Tests pick the store and worker by arguments only.
            EnvironmentVariables = new Dictionary<string, string?> { ["BATON_SERVER"] = null, ["BATON_STORE"] = null, ["BATON_WORKER"] = null },
        });
        return await McpClient.CreateAsync(transport, cancellationToken: TestContext.Current.CancellationToken);
    }
}
