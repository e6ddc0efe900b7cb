using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Core.Errors;
using Baton.Core.Scheduling;
using Baton.Core.Tasks;
using Baton.Hub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Baton.Cli.Commands;

/// <summary><c>baton serve</c>: run the hub over the store until Ctrl+C.</summary>
internal static class ServeCommand
{
    private static readonly Option<string> Urls = new("--urls")
    {
        Description = "Where to listen. Default http://127.0.0.1:7411 (port 0 picks a free port).",
        DefaultValueFactory = _ => "http://127.0.0.1:7411",
        HelpName = "url",
    };

    private static readonly Option<string> Policy = new("--policy")
    {
        Description = "Which waiting worker gets the next ready task: least-loaded (default), round-robin or priority. See docs/scheduling.md.",
        DefaultValueFactory = _ => "least-loaded",
        HelpName = "policy",
    };

    private static readonly Option<TimeSpan?> Lease = CommonOptions.Duration("--lease", "Default lease length for claims (default 10m).");

    private static readonly Option<TimeSpan?> Grace = CommonOptions.Duration("--disconnect-grace",
        "How long a connected worker whose connection dropped keeps its leases before they are released (default 15s).");

    private static readonly Option<bool> NoCommandChecks = new("--no-command-checks")
    {
        Description = "Refuse plans that carry command checks (exit 7, forbidden) and run no stored one: plans then run no programs here.",
    };

    /// <summary>Logs are diagnostics, so they go to stderr; ASP.NET's per-request lines and the MCP SDK's per-session
    /// and per-call lines are noise for an operator (their warnings and errors still show).</summary>
    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    public static Command Create()
    {
        var command = new Command("serve", """
            Run a hub (HTTP JSON API and WebSocket /ws) over the store until Ctrl+C; then use --server URL
            (or BATON_SERVER) with every other verb. The URL is printed on stderr when ready.
            """);
        command.Options.Add(Urls);
        command.Options.Add(Lease);
        command.Options.Add(Policy);
        command.Options.Add(Grace);
        command.Options.Add(NoCommandChecks);
        command.SetAction((parseResult, ct) =>
        {
            var json = parseResult.GetValue(CommonOptions.Json);
            return VerbRunner.GuardAsync(json, async () =>
            {
                if (CommonOptions.ResolveServer(parseResult) is not null)
                {
                    return Output.Fail(ErrorCode.BadRequest, "serve runs a hub; it does not take --server (unset BATON_SERVER)", json);
                }
                if (!AssignmentPolicies.TryParse(parseResult.GetValue(Policy), out var policy))
                {
                    return Output.Fail(ErrorCode.BadRequest,
                        $"--policy: '{parseResult.GetValue(Policy)}' is not a policy ({string.Join(", ", AssignmentPolicies.All.Select(p => p.ToName()))})", json);
                }
                var store = StoreLocator.Resolve(parseResult.GetValue(CommonOptions.Store), Environment.CurrentDirectory);
                if (!store.IsOk)
                {
                    return Output.Fail(store.Error, json);
                }
                var options = new HubOptions
                {
                    StorePath = store.Value,
                    Urls = parseResult.GetValue(Urls)!,
                    DefaultLease = parseResult.GetValue(Lease) ?? TaskDefaults.Lease,
                    NoCommandChecks = parseResult.GetValue(NoCommandChecks),
                    Policy = policy,
                    DisconnectGrace = parseResult.GetValue(Grace) ?? HubOptions.DefaultDisconnectGrace,
                    ConfigureLogging = ConfigureLogging,
                };
                var hub = await BatonHub.StartAsync(options, ct);
                Output.Note($"hub listening on {hub.Url} (store {store.Value}, policy {policy.ToName()}); Ctrl+C to stop");
                try
                {
                    await hub.Completion.WaitAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    Output.Note("stopping");
                }
                await hub.StopAsync();
                return 0;
            }, ct);
        });
        return command;
    }
}
