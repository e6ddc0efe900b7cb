using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Core.Protocol;
using Baton.Hub.Mcp;
using Microsoft.Extensions.Logging;

namespace Baton.Cli.Commands;

/// <summary><c>baton mcp</c>: serve the Model Context Protocol over stdio for an agent (Cursor, Claude Code, ...).</summary>
internal static class McpCommand
{
    private static readonly Option<string?> Worker = CommonOptions.Worker();

    public static Command Create()
    {
        var command = new Command("mcp", """
            Serve Baton's tools over the Model Context Protocol on stdin/stdout, for an agent to start as its MCP
            server: create_tasks, list_tasks, show_task, status, wait_for_completion (coordinators); claim_task,
            heartbeat, report_task, release_task (workers). Works on the local store, or through a hub with
            --server. --worker (or BATON_WORKER) names the worker when a tool call names none.
            Stdout carries only protocol frames; diagnostics go to stderr. See docs/mcp.md.
            Example (.cursor/mcp.json): {"mcpServers": {"baton": {"command": "baton", "args": ["mcp", "--worker", "w1"]}}}
            """);
        command.Options.Add(Worker);
        command.SetAction((parseResult, ct) =>
        {
            var worker = CommonOptions.ResolveWorker(parseResult, Worker);
            var role = worker is null ? ClientRoles.Coordinator : ClientRoles.Worker;
            // Never --json here: stdout belongs to the protocol, so every failure is told on stderr only.
            return VerbRunner.GuardAsync(json: false, async () =>
            {
                var opened = await Connector.OpenAsync(parseResult, role, worker, null, waits: true, ct);
                if (!opened.IsOk)
                {
                    return Output.Fail(opened.Error, json: false);
                }
                await using var session = opened.Value;
                using var logging = LoggerFactory.Create(ConfigureLogging);
                Output.Note($"mcp on stdio ({session.Mode} {session.Location}{(worker is { } w ? $", worker {w}" : "")})");
                await BatonMcp.RunStdioAsync(session.Api, worker, logging, ct);
                return 0;
            }, ct);
        });
        return command;
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
