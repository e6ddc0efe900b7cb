using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Core.Errors;
using Baton.Core.Protocol;
using Baton.Hub.Access;
using Baton.Hub.Mcp;
using Microsoft.Extensions.Logging;

namespace Baton.Cli.Commands;

/// <summary><c>baton mcp</c>: serve the Model Context Protocol over stdio for an agent (Cursor, Claude Code, ...).</summary>
internal static class McpCommand
{
    private static readonly Option<string?> Worker = CommonOptions.Worker();

    private static readonly Option<string?> Role = new("--role")
    {
        Description = "Whose tools to list: worker (claim_task, heartbeat, report_task, release_task, status), "
            + "coordinator (every tool) or observer (reads). Default: worker with --worker or BATON_WORKER, else coordinator.",
        HelpName = "role",
    };

    public static Command Create()
    {
        var command = new Command("mcp", """
            Serve Baton's tools over the Model Context Protocol on stdin/stdout, for an agent to start as its MCP
            server. --role picks the tools it lists, since a chat pays for every listed tool on every turn:
            worker (claim_task, heartbeat, report_task, release_task, status), coordinator (those plus create_tasks,
            list_tasks, show_task, wait_for_completion, inbox, resolve) or observer (reads only); a tool outside
            the role is refused. Works on the local store, or through a hub with --server. --worker (or
            BATON_WORKER) names the worker when a tool call names none, and makes worker the default role.
            Stdout carries only protocol frames; diagnostics go to stderr. See docs/mcp.md.
            Example (.cursor/mcp.json): {"mcpServers": {"baton": {"command": "baton", "args": ["mcp", "--worker", "w1"]}}}
            """);
        command.Options.Add(Worker);
        command.Options.Add(Role);
        command.SetAction((parseResult, ct) =>
        {
            var worker = CommonOptions.ResolveWorker(parseResult, Worker);
            var roleText = parseResult.GetValue(Role);
            var role = worker is null ? HubRole.Coordinator : HubRole.Worker;
            if (roleText is not null && !HubRoles.TryParse(roleText.Trim(), out role))
            {
                return Task.FromResult(Output.Fail(ErrorCode.BadRequest,
                    $"--role must be worker, coordinator or observer, not \"{roleText}\"", json: false));
            }
            // Never --json here: stdout belongs to the protocol, so every failure is told on stderr only.
            return VerbRunner.GuardAsync(json: false, async () =>
            {
                // The hub session's role is today's (a worker needs its name; without one the tools name it per call),
                // narrowed to observer when only reads are served.
                var hello = role == HubRole.Observer ? ClientRoles.Observer : worker is null ? ClientRoles.Coordinator : ClientRoles.Worker;
                var opened = await Connector.OpenAsync(parseResult, hello, worker, null, waits: true, ct);
                if (!opened.IsOk)
                {
                    return Output.Fail(opened.Error, json: false);
                }
                await using var session = opened.Value;
                using var logging = LoggerFactory.Create(ConfigureLogging);
                Output.Note($"mcp on stdio ({session.Mode} {session.Location}, role {role.ToName()}{(worker is { } w ? $", worker {w}" : "")})");
                await BatonMcp.RunStdioAsync(session.Api, worker, role, logging, ct);
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
