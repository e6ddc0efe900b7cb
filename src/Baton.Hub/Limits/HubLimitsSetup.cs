using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Baton.Core.Errors;
using Baton.Hub.Http;
using Baton.Hub.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Limits;

/// <summary>
/// Puts <see cref="HubLimits"/> into the host: Kestrel's own limits (connections, header time, body size), a
/// concurrency limiter per remote address (ASP.NET's rate-limiting middleware), and the documented JSON error for a
/// body that is too large instead of Kestrel's empty 413.
/// </summary>
internal static class HubLimitsSetup
{
    public static void AddServices(WebApplicationBuilder builder, HubLimits limits)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxConnections;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            // The largest body any route takes; LimitBodies lowers it for every route but import.
            kestrel.Limits.MaxRequestBodySize = limits.MaxImportBytes;
        });
        builder.Services.AddSingleton(new LargeFrameBudget(limits));
        builder.Services.AddHostedService<HeapTrimmer>();
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, IPAddress>(ctx => Partition(ctx, limits));
            options.OnRejected = (rejected, cancellationToken) => OnRejectedAsync(rejected.HttpContext, limits);
        });
    }

    /// <summary>Adds the limits' middleware; call it before any endpoint.</summary>
    public static void Use(WebApplication app)
    {
        var limits = app.Services.GetRequiredService<HubOptions>().Limits;
        app.UseRateLimiter();
        app.Use((ctx, next) => LimitBodyAsync(ctx, next, limits));
    }

    private static RateLimitPartition<IPAddress> Partition(HttpContext ctx, HubLimits limits)
    {
        var address = ctx.Connection.RemoteIpAddress ?? IPAddress.None;
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return IPAddress.IsLoopback(address) && !limits.LimitLoopback
            ? RateLimitPartition.GetNoLimiter(address)
            : RateLimitPartition.GetConcurrencyLimiter(address, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.MaxConnectionsPerAddress,
                QueueLimit = 0,
            });
    }

    private static async ValueTask OnRejectedAsync(HttpContext ctx, HubLimits limits)
    {
        var address = ctx.Connection.RemoteIpAddress?.ToString() ?? "?";
        HubLog.AddressLimited(Logger(ctx), address, limits.MaxConnectionsPerAddress);
        await WriteAsync(ctx, StatusCodes.Status429TooManyRequests, string.Create(CultureInfo.InvariantCulture,
            $"{limits.MaxConnectionsPerAddress:N0} requests and connections are already in progress from {address}; the limit is {limits.MaxConnectionsPerAddress:N0}"));
    }

    // Import (and MCP, whose create_tasks carries a plan) may send up to MaxImportBytes; every other route MaxRequestBodyBytes.
    // A body over its limit is answered 413 with the JSON error, and then read to its end (up to DrainFactor times the
    // limit, for at most DrainTime) before the connection closes: a client such as HttpClient sends its whole body
    // before it reads the answer, and a connection closed on unread bytes is reset, which loses the answer.
    private static async Task LimitBodyAsync(HttpContext ctx, RequestDelegate next, HubLimits limits)
    {
        var path = ctx.Request.Path;
        long limit = path.StartsWithSegments("/api/import") || path.StartsWithSegments("/mcp") ? limits.MaxImportBytes : limits.MaxRequestBodyBytes;
        var drainable = limit * DrainFactor;
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            // Kestrel's own limit is the drain bound; the route's limit is LimitedBody's.
            feature.MaxRequestBodySize = drainable;
        }
        var body = ctx.Request.Body;
        if (ctx.Request.ContentLength is { } length && length > limit)
        {
            await RefuseBodyAsync(ctx, limit, length <= drainable ? body : null);
            return;
        }
        ctx.Request.Body = new LimitedBody(body, limit);
        try
        {
            await next(ctx);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !ctx.Response.HasStarted)
        {
            await RefuseBodyAsync(ctx, limit, body);
        }
        finally
        {
            ctx.Request.Body = body;
        }
    }

    private const int DrainFactor = 8;

    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(5);

    private static async Task RefuseBodyAsync(HttpContext ctx, long limit, Stream? drain)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"the request body is over {limit:N0} bytes, the limit for {ctx.Request.Path}");
        HubLog.BodyRefused(Logger(ctx), ctx.Request.Path, message);
        ctx.Response.Headers.Connection = "close";
        await WriteAsync(ctx, StatusCodes.Status413PayloadTooLarge, message);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        if (drain is null)
        {
            return;
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
            timeout.CancelAfter(DrainTime);
            var scratch = new byte[16 * 1024];
            while (await drain.ReadAsync(scratch, timeout.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or BadHttpRequestException or IOException)
        {
            // Past the drain bound or time, or gone: the connection closes now.
        }
    }

    private static Task WriteAsync(HttpContext ctx, int status, string message)
        => HttpReplies.WriteErrorAsync(ctx, status, BatonError.Of(ErrorCode.LimitExceeded, message));

    private static ILogger Logger(HttpContext ctx) => ctx.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Baton.Hub.Limits");
}
