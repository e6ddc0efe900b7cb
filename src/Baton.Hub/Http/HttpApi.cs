using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Core.Errors;
using Baton.Core.Protocol;
using Baton.Core.Tasks;
using Baton.Hub.Access;
using Baton.Hub.Connections;
using Baton.Hub.Logging;
using Baton.Hub.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Http;

/// <summary>
/// The HTTP JSON API: the same operations as the socket, answered by the same <see cref="RequestHandler"/>.
/// Handlers are plain <see cref="RequestDelegate"/>s that read and write through <see cref="BatonJsonContext"/>,
/// so nothing here needs reflection (Native AOT).
/// </summary>
internal static class HttpApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        // Each route needs the role of the request it answers (AccessRules.RequiredRole); the request handler
        // checks the same table again, as it does for the socket.
        HealthEndpoints.Map(app);
        app.MapGet("/api/status", ctx => RunAsync(ctx, new StatusMessage())).Require(HubRole.Observer);
        app.MapGet("/api/tasks", ListAsync).Require(HubRole.Observer);
        app.MapGet("/api/tasks/{id}", ctx => RunAsync(ctx, new TaskShowMessage { TaskId = RouteTask(ctx) })).Require(HubRole.Observer);
        app.MapGet("/api/events", EventsAsync).Require(HubRole.Observer);
        app.MapGet("/api/inbox", ctx => RunAsync(ctx, new InboxMessage())).Require(HubRole.Observer);
        app.MapGet("/api/stats", ctx => RunAsync(ctx, new StatsMessage())).Require(HubRole.Observer);
        app.MapPost("/api/claim", ctx => BodyAsync(ctx, BatonJsonContext.Default.ClaimMessage)).Require(HubRole.Worker);
        app.MapPost("/api/heartbeat", ctx => BodyAsync(ctx, BatonJsonContext.Default.HeartbeatMessage)).Require(HubRole.Worker);
        app.MapPost("/api/report", ctx => BodyAsync(ctx, BatonJsonContext.Default.ReportMessage)).Require(HubRole.Worker);
        app.MapPost("/api/release", ctx => BodyAsync(ctx, BatonJsonContext.Default.ReleaseMessage)).Require(HubRole.Worker);
        app.MapPost("/api/import", ImportAsync).Require(HubRole.Coordinator);
        app.MapPost("/api/tasks/{id}/cancel", CancelAsync).Require(HubRole.Coordinator);
        app.MapPost("/api/resolve", ctx => BodyAsync(ctx, BatonJsonContext.Default.ResolveMessage)).Require(HubRole.Coordinator);
        app.MapPost("/api/tasks/{id}/check", ctx => RunAsync(ctx, new CheckMessage { TaskId = RouteTask(ctx) })).Require(HubRole.Coordinator);
        app.MapPost("/api/verify", ctx => RunAsync(ctx, new VerifyMessage())).Require(HubRole.Coordinator);
    }

    private static Task ListAsync(HttpContext ctx)
    {
        TaskState? state = null;
        var stateText = ctx.Request.Query["state"].ToString();
        if (stateText.Length > 0)
        {
            if (!TaskStates.TryParse(stateText, out var parsed))
            {
                return WriteErrorAsync(ctx, BatonError.Of(ErrorCode.BadRequest, $"unknown state \"{stateText}\""));
            }
            state = parsed;
        }
        var ready = ctx.Request.Query["ready"].ToString();
        return RunAsync(ctx, new TaskListMessage { State = state, ReadyOnly = ready is "true" or "1" });
    }

    private static Task EventsAsync(HttpContext ctx)
    {
        if (!TryLong(ctx, "after", 0, out var after) || !TryLong(ctx, "max", 100, out var max) || !TryLong(ctx, "wait_ms", 0, out var waitMs)
            || max is < 1 or > int.MaxValue)
        {
            return WriteErrorAsync(ctx, BatonError.Of(ErrorCode.BadRequest, "after, max and wait_ms must be integers"));
        }
        return RunAsync(ctx, new EventsReadMessage { After = after, Max = (int)max, WaitMs = waitMs });
    }

    private static async Task CancelAsync(HttpContext ctx)
    {
        string? reason = null;
        if (ctx.Request.ContentLength is > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
        {
            // The task is the route's: the body, optional, is {"reason": "..."} (a task_id, if given, must be the same).
            var body = await ReadBodyAsync(ctx, BatonJsonContext.Default.JsonElement);
            if (!body.IsOk)
            {
                await WriteErrorAsync(ctx, body.Error);
                return;
            }
            if (CancelReason(body.Value, RouteTask(ctx)) is { } problem)
            {
                await WriteErrorAsync(ctx, BatonError.Of(ErrorCode.BadRequest, problem));
                return;
            }
            reason = body.Value.TryGetProperty("reason", out var given) && given.ValueKind == JsonValueKind.String ? given.GetString() : null;
        }
        await RunAsync(ctx, new TaskCancelMessage { TaskId = RouteTask(ctx), Reason = reason });
    }

    /// <summary>What is wrong with a cancel body, or null.</summary>
    private static string? CancelReason(JsonElement body, Baton.Core.Tasks.TaskId route)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return "the body must be an object: {\"reason\": \"...\"}";
        }
        foreach (var field in body.EnumerateObject())
        {
            var wrong = field.Name switch
            {
                "reason" when field.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null) => "reason must be a string",
                "reason" => null,
                "task_id" when field.Value.ValueKind != JsonValueKind.String || field.Value.GetString() != route.Value
                    => $"task_id must be the route's task \"{route.Value}\" (or be left out)",
                "task_id" => null,
                _ => $"unknown field \"{field.Name}\" (the body is {{\"reason\": \"...\"}})",
            };
            if (wrong is not null)
            {
                return wrong;
            }
        }
        return null;
    }

    private static async Task ImportAsync(HttpContext ctx)
    {
        // A JsonElement is read without checking the UTF-8 inside its strings (typed bodies are checked as they
        // are read), so a plan's bytes are checked first: invalid text is refused, never imported as U+FFFD.
        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);
        if (!System.Text.Unicode.Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length)))
        {
            await WriteErrorAsync(ctx, BatonError.Of(ErrorCode.MalformedMessage, "the plan is not valid UTF-8"));
            return;
        }
        body.Position = 0;
        ctx.Request.Body = body;
        var plan = await ReadBodyAsync(ctx, BatonJsonContext.Default.JsonElement);
        if (!plan.IsOk)
        {
            await WriteErrorAsync(ctx, plan.Error);
            return;
        }
        await RunAsync(ctx, new ImportMessage { Plan = plan.Value });
    }

    private static async Task BodyAsync<T>(HttpContext ctx, JsonTypeInfo<T> typeInfo)
        where T : ProtocolMessage
    {
        var body = await ReadBodyAsync(ctx, typeInfo);
        if (!body.IsOk)
        {
            await WriteErrorAsync(ctx, body.Error);
            return;
        }
        await RunAsync(ctx, body.Value);
    }

    private static async Task RunAsync(HttpContext ctx, ProtocolMessage request)
    {
        var handler = ctx.RequestServices.GetRequiredService<RequestHandler>();
        var session = new HubSession("http", isHttp: true, TokenAuthentication.CallerOf(ctx.User), RequestGate.Remote(ctx)) { SaidHello = true };
        ProtocolMessage reply;
        try
        {
            reply = await handler.HandleAsync(session, request, ctx.RequestAborted);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            var logger = ctx.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Baton.Hub.Http");
            HubLog.HttpFailed(logger, ex, ctx.Request.Path);
            reply = new ErrorMessage { Code = ErrorCode.InternalError, Message = $"internal error: {ex.Message}" };
        }
        await HttpReplies.WriteAsync(ctx, reply);
    }

    private static Task WriteErrorAsync(HttpContext ctx, BatonError error) => HttpReplies.WriteAsync(ctx, ErrorMessage.From(error, null));

    private static async Task<Result<T>> ReadBodyAsync<T>(HttpContext ctx, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(ctx.Request.Body, typeInfo, ctx.RequestAborted);
            return value is null
                ? Result<T>.Fail(ErrorCode.BadRequest, "the request body must be a JSON object")
                : Result<T>.Ok(value);
        }
        catch (JsonException ex)
        {
            return Result<T>.Fail(ErrorCode.MalformedMessage, $"bad request body at {ex.Path ?? "$"}: {ex.Message}");
        }
    }

    private static TaskId RouteTask(HttpContext ctx) => new(ctx.Request.RouteValues["id"]?.ToString() ?? "");

    private static bool TryLong(HttpContext ctx, string name, long fallback, out long value)
    {
        var text = ctx.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            value = fallback;
            return true;
        }
        return long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= 0;
    }
}
