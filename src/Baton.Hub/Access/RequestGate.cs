using Baton.Core.Errors;
using Baton.Hub.Http;
using Baton.Hub.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Baton.Hub.Access;

/// <summary>
/// The first middleware of every request, the WebSocket upgrade and <c>/mcp</c> included: refuses a <c>Host</c> that
/// is not the hub's and an <c>Origin</c> of another site (403), and a body that is not JSON (415), before
/// authentication or any endpoint sees the request. A browser sends a cross-site "simple" request (a text/plain
/// POST) without asking first, so a body of any other type is refused rather than read.
/// </summary>
internal sealed class RequestGate(RequestDelegate next, OriginPolicy policy, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("Baton.Hub.Access");

    public Task InvokeAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        if (policy.CheckHost(request.Headers.Host) is { } badHost)
        {
            return RefuseAsync(ctx, StatusCodes.Status403Forbidden, ErrorCode.Forbidden, badHost);
        }
        if (policy.CheckOrigin(request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : null) is { } badOrigin)
        {
            return RefuseAsync(ctx, StatusCodes.Status403Forbidden, ErrorCode.Forbidden, badOrigin);
        }
        if (request.Headers.Origin.Count == 0 && request.Headers["Sec-Fetch-Site"].ToString() == "cross-site")
        {
            return RefuseAsync(ctx, StatusCodes.Status403Forbidden, ErrorCode.Forbidden, "a cross-site request from a browser page");
        }
        if (HasBody(request) && !IsJson(request.ContentType))
        {
            return RefuseAsync(ctx, StatusCodes.Status415UnsupportedMediaType, ErrorCode.BadRequest,
                $"request bodies must be JSON (Content-Type: application/json), not \"{request.ContentType}\"");
        }
        return next(ctx);
    }

    private static bool HasBody(HttpRequest request)
        => request.ContentLength is > 0 || request.ContentLength is null && request.Headers.TransferEncoding.Count > 0;

    private static bool IsJson(string? contentType)
        => MediaTypeHeaderValue.TryParse(contentType, out var media)
           && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private Task RefuseAsync(HttpContext ctx, int status, ErrorCode code, string reason)
    {
        HubLog.HttpRefused(_logger, ctx.Request.Method, ctx.Request.Path, Remote(ctx), status, reason);
        return HttpReplies.WriteErrorAsync(ctx, status, BatonError.Of(code, reason));
    }

    public static string Remote(HttpContext ctx)
        => ctx.Connection.RemoteIpAddress is { } ip ? $"{ip}:{ctx.Connection.RemotePort}" : "unknown";
}
