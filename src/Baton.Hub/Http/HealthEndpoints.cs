using System.Diagnostics;
using System.Text.Json;
using Baton.Hub.Access;
using Baton.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Baton.Hub.Http;

/// <summary>
/// Probes for a supervisor or a load balancer: <c>/healthz</c> (the process is up and serving) and <c>/readyz</c> (it
/// can do work: the store answers, and the hub is not shutting down). Like every route they need a token (an observer
/// one is enough): a probe sends <c>Authorization: Bearer</c>. <c>/health</c> is the older name of <c>/healthz</c>.
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>How long <c>/readyz</c> waits for the store before it answers 503.</summary>
    public static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(2);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", LiveAsync).Require(HubRole.Observer);
        app.MapGet("/health", LiveAsync).Require(HubRole.Observer);
        app.MapGet("/readyz", ReadyAsync).Require(HubRole.Observer);
    }

    private static Task LiveAsync(HttpContext ctx)
    {
        ctx.Response.ContentType = "application/json";
        ctx.Response.Headers.CacheControl = "no-store";
        return ctx.Response.WriteAsync("{\"status\":\"ok\"}", ctx.RequestAborted);
    }

    private static async Task ReadyAsync(HttpContext ctx)
    {
        ctx.Response.ContentType = "application/json";
        ctx.Response.Headers.CacheControl = "no-store";
        if (ctx.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
        {
            await Unavailable(ctx, "the hub is shutting down");
            return;
        }
        var store = ctx.RequestServices.GetRequiredService<IBatonStore>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        timeout.CancelAfter(StoreTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await store.LastEventIdAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ctx.RequestAborted.IsCancellationRequested)
        {
            await Unavailable(ctx, $"the store did not answer within {StoreTimeout.TotalSeconds:0} s");
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Unavailable(ctx, $"the store failed: {ex.Message}");
            return;
        }
        var ms = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
        await WriteAsync(ctx, w =>
        {
            w.WriteString("status", "ready");
            w.WriteNumber("store_ms", ms);
        });
    }

    private static Task Unavailable(HttpContext ctx, string reason)
    {
        ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return WriteAsync(ctx, w =>
        {
            w.WriteString("status", "unavailable");
            w.WriteString("reason", reason);
        });
    }

    private static async Task WriteAsync(HttpContext ctx, Action<Utf8JsonWriter> body)
    {
        await using (var writer = new Utf8JsonWriter(ctx.Response.Body))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
    }
}
