using Baton.Core.Tasks;
using Baton.Hub.Access;
using Baton.Hub.Scheduling;
using Baton.Service;
using Baton.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace Baton.Hub.Mcp;

/// <summary>
/// MCP over Streamable HTTP at <see cref="BatonMcp.Path"/>. Stateless: every request stands alone, so a tool call
/// may go to any hub and the worker is read from each request (header or query), never from a session.
/// </summary>
internal static class McpEndpoint
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton(sp => new HubMcpApi(
            sp.GetRequiredService<LocalBaton>(),
            sp.GetRequiredService<ClaimDispatcher>(),
            () => CallerOf(sp.GetRequiredService<IHttpContextAccessor>().HttpContext),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Baton.Hub.Access")));
        // One host per role: a request is served by its caller's (RoleOf), which decides what it lists and may call.
        foreach (var role in Enum.GetValues<HubRole>())
        {
            services.AddKeyedSingleton(role, (sp, _) => new McpToolHost(
                sp.GetRequiredService<HubMcpApi>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Baton.Hub.Mcp"),
                role));
        }
        var pending = new PendingCalls();
        services.AddMcpServer(options =>
            {
                BatonMcp.Configure(options);
                options.Handlers.NotificationHandlers =
                [
                    new(NotificationMethods.CancelledNotification, (notification, _) =>
                    {
                        if (TokenAuthentication.CallerOf(notification.Context?.User) is { } caller
                            && PendingCalls.RequestIdOf(notification.Params) is { } id)
                        {
                            pending.Cancel(caller.TokenId, id);
                        }
                        return ValueTask.CompletedTask;
                    }),
                ];
            })
            .WithHttpTransport(http =>
            {
                http.Stateless = true;
                http.ConfigureSessionOptions = (context, options, _) =>
                {
                    options.ServerInstructions = BatonMcp.InstructionsFor(RoleOf(context));
                    return Task.CompletedTask;
                };
            })
            .WithListToolsHandler((request, _) => ValueTask.FromResult(Host(request.Services).List()))
            .WithCallToolHandler(async (request, ct) =>
            {
                var http = request.Services?.GetRequiredService<IHttpContextAccessor>().HttpContext;
                var caller = CallerOf(http).Caller;
                // Every event the call appends names the token that made it (the audit trail).
                AuditActor.Current = caller?.Actor;
                using var call = pending.Begin(caller?.TokenId ?? "", request.JsonRpcRequest.Id.ToString(), ct);
                return await Host(request.Services).CallAsync(request.Params, WorkerOf(http), BatonMcp.HttpWorkerHint, ProtocolOf(request.Server, http), call.Token);
            });
    }

    /// <summary>Maps the endpoint behind a token: any role may connect and list the tools; each tool call then needs
    /// its own role (<see cref="HubMcpApi"/>).</summary>
    public static void Map(IEndpointRouteBuilder app) => app.MapMcp(BatonMcp.Path).Require(HubRole.Observer);

    private static (Caller? Caller, string Remote) CallerOf(HttpContext? http)
        => http is null ? (null, "unknown") : (TokenAuthentication.CallerOf(http.User), RequestGate.Remote(http));

    private static McpToolHost Host(IServiceProvider? services)
    {
        var provider = services ?? throw new InvalidOperationException("the MCP request has no services");
        return provider.GetRequiredKeyedService<McpToolHost>(RoleOf(provider.GetRequiredService<IHttpContextAccessor>().HttpContext));
    }

    /// <summary>The role whose tools a request gets: its token's, or a lesser one it asks for with
    /// <see cref="BatonMcp.RoleHeader"/> or <c>?role=</c> (a worker chat holding the repository's coordinator token).</summary>
    private static HubRole RoleOf(HttpContext? http)
    {
        if (http is null || TokenAuthentication.CallerOf(http.User) is not { } caller)
        {
            return HubRole.Observer;
        }
        var asked = http.Request.Headers[BatonMcp.RoleHeader].ToString();
        if (string.IsNullOrWhiteSpace(asked))
        {
            asked = http.Request.Query[BatonMcp.RoleQuery].ToString();
        }
        return HubRoles.TryParse(asked.Trim(), out var role) && role < caller.Role ? role : caller.Role;
    }

    /// <summary>The protocol version the client speaks: the session's, or on this stateless endpoint the
    /// <c>MCP-Protocol-Version</c> header every request after initialize carries.</summary>
    private static string? ProtocolOf(ModelContextProtocol.Server.McpServer server, HttpContext? http)
    {
        if (server.NegotiatedProtocolVersion is { } negotiated)
        {
            return negotiated;
        }
        var header = http?.Request.Headers["MCP-Protocol-Version"].ToString();
        return string.IsNullOrWhiteSpace(header) ? null : header.Trim();
    }

    private static WorkerId? WorkerOf(HttpContext? http)
    {
        if (http is null)
        {
            return null;
        }
        var name = http.Request.Headers[BatonMcp.WorkerHeader].ToString();
        if (string.IsNullOrWhiteSpace(name))
        {
            name = http.Request.Query[BatonMcp.WorkerQuery].ToString();
        }
        // A token bound to a worker names it, so an agent with such a token needs no header.
        return string.IsNullOrWhiteSpace(name) ? TokenAuthentication.CallerOf(http.User)?.Worker : new WorkerId(name.Trim());
    }
}
