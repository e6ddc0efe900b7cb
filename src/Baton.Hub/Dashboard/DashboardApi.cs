using System.Text.Json;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Hub.Access;
using Baton.Hub.Http;
using Baton.Hub.Logging;
using Baton.Service;
using Baton.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Dashboard;

/// <summary>
/// What the page reads beside the JSON API, and its sign-in: <c>/api/board</c> (every task in a compact form, the
/// counts and the workers: the first view), <c>/api/timeline</c> (every attempt, for the lanes), <c>/api/workers</c>
/// (workers with their leases and notes), <c>POST /api/ui/login</c> (a coordinator's one-time sign-in link) and
/// <c>POST /api/ui/logout</c>. Written with <see cref="Utf8JsonWriter"/>, so nothing needs reflection.
/// </summary>
internal static class DashboardApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/board", BoardAsync).Require(HubRole.Observer);
        app.MapGet("/api/timeline", TimelineAsync).Require(HubRole.Observer);
        app.MapGet("/api/workers", WorkersAsync).Require(HubRole.Observer);
        app.MapPost("/api/ui/login", MintAsync).Require(HubRole.Coordinator);
        app.MapPost("/api/ui/logout", LogoutAsync).Require(HubRole.Observer);
    }

    private static async Task BoardAsync(HttpContext ctx)
    {
        var api = ctx.RequestServices.GetRequiredService<LocalBaton>();
        // The status first: its last event id is read with its counts, and the tasks after it, so whatever changed
        // in between is in the events the page reads next (applying one twice changes nothing).
        var status = await api.StatusAsync(ctx.RequestAborted);
        var tasks = await api.ListTasksAsync(TaskQuery.All, ctx.RequestAborted);
        if ((status.IsOk ? tasks.Error : status.Error) is { } failed)
        {
            await HttpReplies.WriteErrorAsync(ctx, HttpReplies.StatusCodeOf(failed.Code), failed);
            return;
        }
        var options = ctx.RequestServices.GetRequiredService<HubOptions>();
        await WriteAsync(ctx, writer => BoardWriter.Write(writer, status.Value with { Store = options.Target.Display }, tasks.Value,
            TokenAuthentication.CallerOf(ctx.User)!, options.Time.GetUtcNow())); // the route requires an authenticated caller
    }

    private static async Task TimelineAsync(HttpContext ctx)
    {
        var store = ctx.RequestServices.GetRequiredService<IBatonStore>();
        var timeline = await AttemptTimeline.ReadAsync(store, ctx.RequestAborted);
        await WriteAsync(ctx, timeline.Write);
    }

    private static async Task WorkersAsync(HttpContext ctx)
    {
        var board = await WorkerBoard.ReadAsync(ctx.RequestServices.GetRequiredService<LocalBaton>(), ctx.RequestServices.GetRequiredService<IBatonStore>(),
            ctx.RequestServices.GetRequiredService<HubOptions>().Time, ctx.RequestAborted);
        await WriteAsync(ctx, board.Write);
    }

    private static async Task MintAsync(HttpContext ctx)
    {
        if (TokenAuthentication.IsPageSession(ctx.User) || TokenAuthentication.BearerOf(ctx.Request) is not { } bearer)
        {
            await HttpReplies.WriteErrorAsync(ctx, StatusCodes.Status403Forbidden,
                BatonError.Of(ErrorCode.Forbidden, "sign-in links are made with a token (baton ui), not from a page session"));
            return;
        }
        var role = await ReadRoleAsync(ctx);
        if (!role.IsOk)
        {
            await HttpReplies.WriteErrorAsync(ctx, StatusCodes.Status400BadRequest, role.Error);
            return;
        }
        var caller = TokenAuthentication.CallerOf(ctx.User)!; // the route requires a coordinator
        var (secret, expires) = ctx.RequestServices.GetRequiredService<UiSessions>().Issue(role.Value, caller.TokenId, bearer);
        var logger = ctx.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Baton.Hub.Dashboard");
        HubLog.LoginIssued(logger, role.Value.ToName(), caller.Actor, expires);
        var path = DashboardEndpoints.LoginPath + "?once=" + secret;
        await WriteAsync(ctx, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("url", $"{ctx.Request.Scheme}://{ctx.Request.Host}{path}");
            writer.WriteString("path", path);
            writer.WriteString("role", role.Value.ToName());
            writer.WriteString("expires_at", expires);
            writer.WriteEndObject();
        });
    }

    private static async Task LogoutAsync(HttpContext ctx)
    {
        var secret = UiCookie.Read(ctx.Request);
        if (TokenAuthentication.IsPageSession(ctx.User) && secret is not null)
        {
            ctx.RequestServices.GetRequiredService<UiSessions>().End(secret);
            var logger = ctx.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Baton.Hub.Dashboard");
            HubLog.PageSignedOut(logger, TokenAuthentication.CallerOf(ctx.User)!.TokenId, RequestGate.Remote(ctx));
            UiCookie.Clear(ctx.Response, ctx.Request);
        }
        await WriteAsync(ctx, writer =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("signed_out", secret is not null);
            writer.WriteEndObject();
        });
    }

    // {"role": "observer"|"coordinator"}; no body is a coordinator's page.
    private static async Task<Result<HubRole>> ReadRoleAsync(HttpContext ctx)
    {
        if (ctx.Request.ContentLength is 0 or null && ctx.Request.Headers.TransferEncoding.Count == 0)
        {
            return HubRole.Coordinator;
        }
        try
        {
            using var body = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Result<HubRole>.Fail(ErrorCode.BadRequest, "the body must be a JSON object, e.g. {\"role\": \"observer\"}");
            }
            if (!body.RootElement.TryGetProperty("role", out var value))
            {
                return HubRole.Coordinator;
            }
            return value.ValueKind == JsonValueKind.String && HubRoles.TryParse(value.GetString(), out var role) && role != HubRole.Worker
                ? role
                : Result<HubRole>.Fail(ErrorCode.BadRequest, $"role: a page is an observer or a coordinator, not {value.GetRawText()}");
        }
        catch (JsonException ex)
        {
            return Result<HubRole>.Fail(ErrorCode.MalformedMessage, $"bad request body: {ex.Message}");
        }
    }

    private static async Task WriteAsync(HttpContext ctx, Action<Utf8JsonWriter> write)
    {
        DashboardHeaders.ApplyToData(ctx.Response);
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(ctx.Response.BodyWriter);
        write(writer);
        await writer.FlushAsync(ctx.RequestAborted);
    }
}
