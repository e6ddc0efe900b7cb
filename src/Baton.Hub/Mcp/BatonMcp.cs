using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Hub.Access;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Baton.Hub.Mcp;

/// <summary>
/// Baton as a Model Context Protocol server: the same tools over stdio (<c>baton mcp</c>, <see cref="RunStdioAsync"/>)
/// and over Streamable HTTP at <see cref="Path"/> on every hub. Tool inputs and results are written by hand and
/// through source-generated JSON, so nothing here needs reflection.
/// </summary>
public static class BatonMcp
{
    /// <summary>Where a hub serves MCP over Streamable HTTP.</summary>
    public const string Path = "/mcp";

    /// <summary>The HTTP header naming the worker when a tool call names none (the query <c>?worker=</c> also works).</summary>
    public const string WorkerHeader = "X-Baton-Worker";

    /// <summary>The query parameter naming the worker.</summary>
    public const string WorkerQuery = "worker";

    internal const string StdioWorkerHint = "start 'baton mcp' with --worker NAME (or set BATON_WORKER)";

    internal const string HttpWorkerHint = $"send the {WorkerHeader} header, or add ?{WorkerQuery}=NAME to the MCP URL";

    /// <summary>The query parameter (or <see cref="RoleHeader"/>) that narrows an HTTP caller's tools to a lesser role
    /// than its token's, e.g. a worker chat using a coordinator token.</summary>
    public const string RoleQuery = "role";

    /// <summary>The HTTP header naming the role whose tools to list (at most the token's).</summary>
    public const string RoleHeader = "X-Baton-Role";

    private const string WorkerInstructions = """
        Baton hands out tasks on this repository. Loop: claim_task, do the task (change only its files), report_task;
        heartbeat during long work. Stop when claim_task says the plan is complete.
        """;

    private const string CoordinatorInstructions = """
        Baton coordinates AI coding agents on one repository. Add independent tasks with explicit files and checkable
        acceptance with create_tasks, then wait_for_completion; inbox and resolve handle escalations. Workers loop
        claim_task -> report_task.
        """;

    private const string ObserverInstructions = """
        Baton coordinates AI coding agents on one repository. Read-only: status, list_tasks, show_task, inbox, wait_for_completion.
        """;

    /// <summary>The server instructions a client of <paramref name="role"/> gets: short, since a chat pays for them every turn.</summary>
    internal static string InstructionsFor(HubRole role) => role switch
    {
        HubRole.Observer => ObserverInstructions,
        HubRole.Worker => WorkerInstructions,
        _ => CoordinatorInstructions,
    };

    /// <summary>Serves MCP on this process's stdin/stdout until the client closes stdin or
    /// <paramref name="cancellationToken"/> fires. Stdout then carries only protocol frames: log to stderr.</summary>
    /// <param name="api">Local mode or a hub client.</param>
    /// <param name="worker">The worker when a tool call names none (<c>--worker</c>/<c>BATON_WORKER</c>).</param>
    /// <param name="role">Whose tools to list and serve (<c>--role</c>).</param>
    /// <param name="loggerFactory">Where diagnostics go; must not write to stdout.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    public static async Task RunStdioAsync(IBatonApi api, WorkerId? worker, HubRole role, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var host = new McpToolHost(api, TimeProvider.System, loggerFactory.CreateLogger("Baton.Mcp"), role);
        var options = new McpServerOptions();
        Configure(options);
        options.ServerInstructions = InstructionsFor(role);
        options.Handlers.ListToolsHandler = (_, _) => ValueTask.FromResult(host.List());
        options.Handlers.CallToolHandler = (request, ct) => host.CallAsync(request.Params, worker, StdioWorkerHint, request.Server.NegotiatedProtocolVersion, ct);
        var transport = new StdioServerTransport(options, loggerFactory);
        await using (transport.ConfigureAwait(false))
        {
            var server = McpServer.Create(transport, options, loggerFactory);
            await using (server.ConfigureAwait(false))
            {
                await server.RunAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    internal static void Configure(McpServerOptions options)
    {
        options.ServerInfo = new Implementation
        {
            Name = "baton",
            Title = "Baton",
            Version = typeof(BatonMcp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        };
        options.ServerInstructions = CoordinatorInstructions;
        options.Capabilities = new ServerCapabilities { Tools = new ToolsCapability() };
    }
}
