using ModelContextProtocol.Client;

namespace Baton.Cli.Tests.Support;

/// <summary>Starts the built <c>baton mcp</c> as a child process and connects the C# SDK's client over its stdio.</summary>
internal static class StdioMcp
{
    /// <param name="repo">The repository whose store <c>baton mcp</c> opens.</param>
    /// <param name="worker">Passed as <c>--worker</c>, when given.</param>
    /// <param name="server">A hub URL: go through it with <c>--server</c> instead of opening the store.</param>
    /// <param name="role">Passed as <c>--role</c>; default coordinator, which lists every tool. Null: baton's default.</param>
    public static async Task<McpClient> ConnectAsync(TempRepo repo, string? worker = "w1", Uri? server = null, string? role = "coordinator")
    {
        string[] mode = server is null ? ["--store", repo.PathOf(".baton/baton.db")] : ["--server", server.ToString()];
        string[] args =
        [
            .. BatonExecutable.Prefix, "mcp", .. mode,
            .. worker is null ? [] : new[] { "--worker", worker },
            .. role is null ? [] : new[] { "--role", role },
        ];
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "baton",
            Command = BatonExecutable.Command,
            Arguments = args,
            WorkingDirectory = repo.Root,
            // Tests pick the store and worker by arguments only.
            EnvironmentVariables = new Dictionary<string, string?> { ["BATON_SERVER"] = null, ["BATON_STORE"] = null, ["BATON_WORKER"] = null },
        });
        return await McpClient.CreateAsync(transport, cancellationToken: TestContext.Current.CancellationToken);
    }
}
