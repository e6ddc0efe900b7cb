using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Core.Errors;
using Baton.Core.Scheduling;
using Baton.Core.Tasks;
using Baton.Hub;
using Baton.Hub.Stores;
using Baton.Storage.Sqlite;
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

    private static readonly Option<string[]> AllowedHosts = new("--allowed-host")
    {
        Description = "Also answer to this host name (repeatable), e.g. a name other machines use for this one. The hub refuses others (DNS rebinding).",
        HelpName = "name",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string[]> AllowedOrigins = new("--allowed-origin")
    {
        Description = "Also accept browser requests from this origin (repeatable), e.g. https://dash.example.com. Pages elsewhere are refused.",
        HelpName = "origin",
    };

    private static readonly Option<bool> InsecureHttp = new("--insecure-http")
    {
        Description = "Allow plain HTTP on an address beyond loopback (tokens then cross the network in clear). Prefer --tls-cert.",
    };

    private static readonly Option<string?> TlsCert = new("--tls-cert")
    {
        Description = "PEM certificate for https --urls (with --tls-key, unless the file holds the key).",
        HelpName = "path",
    };

    private static readonly Option<string?> TlsKey = new("--tls-key") { Description = "PEM private key of --tls-cert.", HelpName = "path" };

    private static readonly Option<bool> NoCommandChecks = new("--no-command-checks")
    {
        Description = "Refuse plans that carry command checks (exit 8, forbidden) and run no stored one: plans then run no programs here.",
    };

    private static readonly Option<string?> OtlpEndpoint = new("--otlp-endpoint")
    {
        Description = "Send metrics (meter Baton.Hub: tasks by state, claims, reports, handoff, expiries, connections, requests, store round trip) "
            + "over OTLP/HTTP to this collector, e.g. http://127.0.0.1:4318. Env: OTEL_EXPORTER_OTLP_ENDPOINT. See docs/operations.md.",
        HelpName = "url",
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
            (or BATON_SERVER) with every other verb. The URL is printed on stderr when ready. The store is found
            as every verb finds it (--store, BATON_STORE, .baton/store, .baton/baton.db).
            On SQLite, one hub per store: while it runs it holds .baton/baton.db.hub.lock, and a second serve on the
            store refuses (exit 2) naming it. On PostgreSQL (--store postgres://user@host:port/db) any number of hubs
            serve one database; give clients every address (--server URL1,URL2) and they fail over, keeping their
            leases. A database that does not exist exits 2, one that does not answer 6, a refused login 8.
            Every request needs a token: the CLI and agents on this machine derive the repository's own from
            .baton/hub.key (made on first start, owner-only), or on PostgreSQL from the key in the database, shared by
            every hub on it; 'baton token create' makes one for anyone else.
            Listens on loopback by default; another address needs https (--tls-cert) or --insecure-http.
            Requests naming another host, or from a page of another origin, are refused. See docs/security.md.
            """);
        command.Options.Add(Urls);
        command.Options.Add(Lease);
        command.Options.Add(Policy);
        command.Options.Add(Grace);
        command.Options.Add(AllowedHosts);
        command.Options.Add(AllowedOrigins);
        command.Options.Add(InsecureHttp);
        command.Options.Add(TlsCert);
        command.Options.Add(TlsKey);
        command.Options.Add(NoCommandChecks);
        command.Options.Add(OtlpEndpoint);
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
                Uri? otlp = null;
                if (parseResult.GetValue(OtlpEndpoint) is { } otlpText
                    && (!Uri.TryCreate(otlpText, UriKind.Absolute, out otlp) || otlp.Scheme is not ("http" or "https")))
                {
                    return Output.Fail(ErrorCode.BadRequest, $"--otlp-endpoint: '{otlpText}' is not an http or https URL (e.g. http://127.0.0.1:4318)", json);
                }
                var store = StoreLocator.Resolve(parseResult.GetValue(CommonOptions.Store), Environment.CurrentDirectory);
                if (!store.IsOk)
                {
                    return Output.Fail(store.Error, json);
                }
                var options = new HubOptions
                {
                    StoreTarget = store.Value,
                    Urls = parseResult.GetValue(Urls)!,
                    DefaultLease = parseResult.GetValue(Lease) ?? TaskDefaults.Lease,
                    NoCommandChecks = parseResult.GetValue(NoCommandChecks),
                    Policy = policy,
                    DisconnectGrace = parseResult.GetValue(Grace) ?? HubOptions.DefaultDisconnectGrace,
                    ConfigureLogging = ConfigureLogging,
                    AllowedHosts = parseResult.GetValue(AllowedHosts) ?? [],
                    AllowedOrigins = parseResult.GetValue(AllowedOrigins) ?? [],
                    InsecureHttp = parseResult.GetValue(InsecureHttp),
                    TlsCertificatePath = parseResult.GetValue(TlsCert),
                    TlsKeyPath = parseResult.GetValue(TlsKey),
                    OtlpEndpoint = otlp,
                };
                RunningHub hub;
                try
                {
                    hub = await BatonHub.StartAsync(options, ct);
                }
                catch (HubStartException ex)
                {
                    // Also a second hub on the store (HubAlreadyRunningException) and a port already taken.
                    return Output.Fail(ErrorCode.BadRequest, ex.Message, json);
                }
                catch (StoreVersionException ex)
                {
                    return Output.Fail(ErrorCode.InternalError, ex.Message, json);
                }
                catch (StoreOpenException ex)
                {
                    // A PostgreSQL store that does not exist, answer or let us in, or holds no Baton tables yet.
                    return Output.Fail(ex.Code, ex.Message, json);
                }
                var bound = string.Join(", ", hub.Addresses);
                var here = hub.Addresses.Any(a => a == hub.Url) ? "" : $"; on this machine {hub.Url}";
                Output.Note($"hub listening on {bound}{here} (store {store.Value.Display}, policy {policy.ToName()}); Ctrl+C to stop");
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
