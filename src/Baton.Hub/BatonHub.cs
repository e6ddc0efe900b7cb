using Baton.Core.Protocol;
using Baton.Hub.Access;
using Baton.Hub.Connections;
using Baton.Hub.Events;
using Baton.Hub.Http;
using Baton.Hub.Leases;
using Baton.Hub.Limits;
using Baton.Hub.Logging;
using Baton.Hub.Mcp;
using Baton.Hub.Metrics;
using Baton.Hub.Requests;
using Baton.Hub.Scheduling;
using Baton.Hub.Stores;
using Baton.Service;
using Baton.Storage;
using Baton.Storage.Postgres;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Hub;

/// <summary>Starts a Baton hub: the WebSocket protocol at <c>/ws</c>, the HTTP JSON API, MCP at <c>/mcp</c> and the page at
/// <c>/</c> over one store.</summary>
public static class BatonHub
{
    /// <summary>Opens the store (or takes <see cref="HubOptions.Store"/>), starts Kestrel and the background loops (claim dispatcher, lease sweeper,
    /// event pump), and returns once the hub is listening.</summary>
    public static async Task<RunningHub> StartAsync(HubOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> insecure;
        try
        {
            options.Validate();
            insecure = TransportSecurity.Check(options);
        }
        catch when (options.Store is { } given)
        {
            await given.DisposeAsync();
            throw;
        }

        // One hub per SQLite store: taken before the store is opened, so a refused hub touches nothing. A PostgreSQL
        // store takes no lock: any number of hubs serve it.
        var target = options.Target;
        var hubLock = options.Store is null ? await HubStoreLock.TakeAsync(options, cancellationToken) : null;
        IBatonStore store;
        try
        {
            store = options.Store ?? await StoreOpener.OpenAsync(target, new StoreOpenOptions
            {
                CreateIfMissing = options.CreateStoreIfMissing,
                ForHub = true,
                MaxWorkers = options.Limits.MaxRememberedWorkers,
            }, cancellationToken);
        }
        catch
        {
            hubLock?.Dispose();
            throw;
        }
        var api = new LocalBaton(store, options.Time, new LocalBatonOptions { DefaultLease = options.DefaultLease, AllowCommandChecks = !options.NoCommandChecks, Limits = options.Limits.Fields });
        IAccessView? access = null;
        async ValueTask CloseStoreAsync()
        {
            // The host's loggers go with the host: the store says nothing more while it closes.
            (store as PostgresStore)?.UseLogger(null);
            await api.DisposeAsync();
            if (access is DatabaseAccessView database)
            {
                await database.CloseAsync();
            }
            await store.DisposeAsync();
            hubLock?.Dispose();
        }

        try
        {
            access = await OpenAccessAsync(options, target, cancellationToken);
            var app = Build(options, store, api, access);
            // A connection to PostgreSQL that breaks and comes back (a server restart) is the operator's to know of.
            (store as PostgresStore)?.UseLogger(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Baton.Storage.Postgres"));
            await app.Services.GetRequiredService<EventPump>().InitializeAsync(cancellationToken);
            var presence = app.Services.GetRequiredService<HubPresence>();
            await presence.RecordAsync(cancellationToken);
            await ListenAsync(app, options, cancellationToken);
            var addresses = BoundAddresses(app);
            app.Services.GetRequiredService<OriginPolicy>().Bind(addresses);
            var url = LocalUrl(addresses[0]);
            hubLock?.Publish(url);
            var self = app.Services.GetRequiredService<HubIdentity>();
            self.Url = url;
            await presence.BeginAsync(cancellationToken);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Baton.Hub");
            HubLog.Listening(logger, self.Id.Value, string.Join(", ", addresses), target.Display);
            foreach (var address in insecure)
            {
                HubLog.InsecureHttp(logger, address);
            }
            return new RunningHub(app, url, addresses, self.Id, CloseStoreAsync);
        }
        catch (Exception ex) when (target.Postgres is { } database && StoreOpener.Explain(ex, database) is { } explained)
        {
            await CloseStoreAsync();
            throw explained;
        }
        catch
        {
            await CloseStoreAsync();
            throw;
        }
    }

    // The key and tokens: files beside a SQLite store (or in HubOptions.AccessDirectory), else the PostgreSQL store's
    // access table, read before the hub listens (the key is made then by the first hub to start).
    private static async Task<IAccessView> OpenAccessAsync(HubOptions options, StoreTarget target, CancellationToken cancellationToken)
    {
        if (options.ResolvedAccessDirectory is { } directory)
        {
            return new FileAccessView(directory, options.Time);
        }
        var database = new DatabaseAccessStore(target.Postgres!, options.Time); // no folder: a PostgreSQL target
        try
        {
            return await DatabaseAccessView.OpenAsync(database, cancellationToken);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    // A port taken by another program (often a hub of another repository on the default port) is a setting to
    // change, not a bug: Kestrel reports it as an IOException around an AddressInUseException.
    private static async Task ListenAsync(WebApplication app, HubOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex) when (IsAddressInUse(ex))
        {
            throw new HubStartException(
                $"cannot listen on {options.Urls}: the port is taken by another program (another hub, perhaps of another repository?); " +
                "choose another with --urls, e.g. --urls http://127.0.0.1:7412 (port 0 picks a free one), and give clients the URL it prints", ex);
        }
    }

    private static bool IsAddressInUse(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is Microsoft.AspNetCore.Connections.AddressInUseException
                or System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }
        return false;
    }

    private static WebApplication Build(HubOptions options, IBatonStore store, LocalBaton api, IAccessView access)
    {
        // The hub reads no appsettings.json, and must not watch for one: with reload on change, the host
        // watches its content root (the directory `baton serve` runs in, usually the repository) and every
        // directory below it, so each WAL write and each file an agent saves cost the hub a file event
        // (measured: 40 µs of CPU per task, a tenth of the hub's, with 8 workers on `baton serve`).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.WebHost.UseUrls(options.Urls);
        TransportSecurity.Configure(builder, options);
        HubLimitsSetup.AddServices(builder, options.Limits);
        options.ConfigureLogging?.Invoke(builder.Logging);
        AccessSetup.AddServices(builder.Services, options, access);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Time);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(api);
        builder.Services.AddSingleton<ClaimDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClaimDispatcher>());
        builder.Services.AddSingleton<EventPump>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventPump>());
        builder.Services.AddHostedService<LeaseSweeper>();
        builder.Services.AddSingleton(new HubIdentity(options.Time.GetUtcNow()));
        builder.Services.AddSingleton<WorkerConnections>();
        builder.Services.AddSingleton<HubPresence>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HubPresence>());
        builder.Services.AddSingleton<RequestHandler>();
        McpEndpoint.AddServices(builder.Services);
        MetricsSetup.AddServices(builder.Services, options);
        Dashboard.DashboardEndpoints.AddServices(builder.Services);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        // Per-address limits and body sizes first, so even a request that will be refused costs little; then the
        // gate (Host, Origin, Content-Type), routing, tokens and roles.
        HubLimitsSetup.Use(app);
        AccessSetup.Use(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        // The upgrade may carry its token in Authorization or, for clients that cannot set headers, in hello:
        // the connection serves nothing but hello until a token is shown (HubConnection, RequestHandler).
        app.Map(ProtocolInfo.WebSocketPath, AcceptAsync);
        HttpApi.Map(app);
        McpEndpoint.Map(app);
        Dashboard.DashboardEndpoints.Map(app);
        return app;
    }

    private static async Task AcceptAsync(HttpContext ctx)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
            await ctx.Response.WriteAsync("expected a WebSocket upgrade", ctx.RequestAborted);
            return;
        }
        var caller = TokenAuthentication.CallerOf(ctx.User);
        if (caller is null && ctx.Request.Headers.Authorization.Count > 0)
        {
            // A token was shown and refused: say why now rather than after the upgrade.
            await ctx.ChallengeAsync(TokenAuthentication.SchemeName);
            return;
        }
        using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
        var services = ctx.RequestServices;
        var metrics = services.GetRequiredService<HubMetrics>();
        metrics.ConnectionOpened();
        using var connection = new HubConnection(
            socket,
            caller,
            caller is null ? null : TokenAuthentication.BearerOf(ctx.Request),
            RequestGate.Remote(ctx),
            services.GetRequiredService<RequestHandler>(),
            services.GetRequiredService<WorkerConnections>(),
            services.GetRequiredService<EventPump>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Baton.Hub.Connections"),
            services.GetRequiredService<LargeFrameBudget>());
        try
        {
            await connection.RunAsync(services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        }
        finally
        {
            metrics.ConnectionClosed();
        }
    }

    private static IReadOnlyList<Uri> BoundAddresses(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses is { Count: > 0 }
            ? [.. addresses.Select(a => new Uri(a))]
            : throw new InvalidOperationException("the hub is not bound to any address");
    }

    /// <summary>Where clients on this machine reach the hub: Kestrel reports a wildcard host as "[::]" or
    /// "0.0.0.0", which is reached on loopback.</summary>
    private static Uri LocalUrl(Uri bound)
        => bound.Host is "[::]" or "0.0.0.0" or "+" or "*" ? new UriBuilder(bound) { Host = "127.0.0.1" }.Uri : bound;
}
