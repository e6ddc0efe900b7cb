using Baton.Core.Protocol;
using Baton.Hub.Connections;
using Baton.Hub.Events;
using Baton.Hub.Http;
using Baton.Hub.Leases;
using Baton.Hub.Limits;
using Baton.Hub.Logging;
using Baton.Hub.Mcp;
using Baton.Hub.Requests;
using Baton.Hub.Scheduling;
using Baton.Storage;
using Baton.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Hub;

/// <summary>Starts a Baton hub: the WebSocket protocol at <c>/ws</c>, the HTTP JSON API and MCP at <c>/mcp</c> over one store.</summary>
public static class BatonHub
{
    /// <summary>Opens the store (or takes <see cref="HubOptions.Store"/>), starts Kestrel and the background loops (claim dispatcher, lease sweeper,
    /// event pump), and returns once the hub is listening.</summary>
    public static async Task<RunningHub> StartAsync(HubOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
        }
        catch when (options.Store is { } given)
        {
            await given.DisposeAsync();
            throw;
        }

        var store = options.Store ?? await SqliteStore.OpenAsync(
            new SqliteStoreOptions
            {
                DatabasePath = options.StorePath,
                CreateIfMissing = options.CreateStoreIfMissing,
                CheckpointInBackground = true,
                // The writer runs the next batch while a thread of its own flushes this one.
                SyncInBackground = true,
                // Commits by other processes (a local-mode CLI on the same file) are seen within 25 ms.
                WatchForChanges = false,
                ExternalCommitPoll = TimeSpan.FromMilliseconds(25),
                MaxWorkers = options.Limits.MaxRememberedWorkers,
            },
            cancellationToken);
        var api = new LocalBaton(store, options.Time, new LocalBatonOptions { DefaultLease = options.DefaultLease, Limits = options.Limits.Fields });
        async ValueTask CloseStoreAsync()
        {
            await api.DisposeAsync();
            await store.DisposeAsync();
        }

        try
        {
            var app = Build(options, store, api);
            await app.Services.GetRequiredService<EventPump>().InitializeAsync(cancellationToken);
            await app.StartAsync(cancellationToken);
            var url = BoundUrl(app);
            await app.Services.GetRequiredService<WorkerConnections>().AdoptOrphansAsync(cancellationToken);
            HubLog.Listening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Baton.Hub"), url, options.StorePath);
            return new RunningHub(app, url, CloseStoreAsync);
        }
        catch
        {
            await CloseStoreAsync();
            throw;
        }
    }

    private static WebApplication Build(HubOptions options, IBatonStore store, LocalBaton api)
    {
        // The hub reads no appsettings.json, and must not watch for one: with reload on change, the host
        // watches its content root (the directory `baton serve` runs in, usually the repository) and every
        // directory below it, so each WAL write and each file an agent saves cost the hub a file event
        // (measured: 40 µs of CPU per task, a tenth of the hub's, with 8 workers on `baton serve`).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.WebHost.UseUrls(options.Urls);
        HubLimitsSetup.AddServices(builder, options.Limits);
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Time);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(api);
        builder.Services.AddSingleton<ClaimDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClaimDispatcher>());
        builder.Services.AddSingleton<EventPump>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventPump>());
        builder.Services.AddHostedService<LeaseSweeper>();
        builder.Services.AddSingleton<WorkerConnections>();
        builder.Services.AddSingleton<RequestHandler>();
        McpEndpoint.AddServices(builder.Services);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        HubLimitsSetup.Use(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.Map(ProtocolInfo.WebSocketPath, AcceptAsync);
        HttpApi.Map(app);
        McpEndpoint.Map(app);
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
        using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
        var services = ctx.RequestServices;
        using var connection = new HubConnection(
            socket,
            services.GetRequiredService<RequestHandler>(),
            services.GetRequiredService<WorkerConnections>(),
            services.GetRequiredService<EventPump>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Baton.Hub.Connections"),
            services.GetRequiredService<LargeFrameBudget>());
        await connection.RunAsync(services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
    }

    private static Uri BoundUrl(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("the hub is not bound to any address");
        // Kestrel reports a wildcard host as "[::]" or "0.0.0.0"; clients on this machine reach it on loopback.
        var uri = new Uri(first);
        return uri.Host is "[::]" or "0.0.0.0" or "+" or "*" ? new UriBuilder(uri) { Host = "127.0.0.1" }.Uri : uri;
    }
}
