using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Protocol;
using Microsoft.AspNetCore.Http;

namespace Baton.Hub.Http;

/// <summary>Turns a protocol reply into an HTTP response: the payload on success, <c>{"code","message","details"}</c>
/// with a status code on failure.</summary>
internal static class HttpReplies
{
    public static Task WriteAsync(HttpContext ctx, ProtocolMessage reply) => reply switch
    {
        ErrorMessage error => WriteAsync(ctx, StatusCodeOf(error.Code), error.ToError(), BatonJsonContext.Default.BatonError),
        NoTaskMessage none => WriteAsync(ctx, StatusCodes.Status404NotFound,
            BatonError.Of(ErrorCode.NoTask, none.Message ?? "no task to claim"), BatonJsonContext.Default.BatonError),
        TaskAssignedMessage m => Ok(ctx, m.Assignment, BatonJsonContext.Default.Assignment),
        HeartbeatOkMessage m => Ok(ctx, new HeartbeatResult { Renewed = m.Renewed }, BatonJsonContext.Default.HeartbeatResult),
        ReportOkMessage m => Ok(ctx, new ReportResult { Task = m.Task, Report = m.Report, Replayed = m.Replayed, Checks = m.Checks }, BatonJsonContext.Default.ReportResult),
        InboxOkMessage m => Ok(ctx, m.Items, BatonJsonContext.Default.IReadOnlyListInboxItem),
        ResolveOkMessage m => Ok(ctx, m.Task, BatonJsonContext.Default.TaskItem),
        StatsOkMessage m => Ok(ctx, m.Stats, BatonJsonContext.Default.StatsSnapshot),
        CheckOkMessage m => Ok(ctx, m.Report, BatonJsonContext.Default.CheckReport),
        VerifyOkMessage m => Ok(ctx, m.Result, BatonJsonContext.Default.VerifyResult),
        ReleaseOkMessage m => Ok(ctx, m.Task, BatonJsonContext.Default.TaskItem),
        TaskCancelOkMessage m => Ok(ctx, m.Task, BatonJsonContext.Default.TaskItem),
        ImportOkMessage m => Ok(ctx, new ImportResult { Plan = m.Plan, Imported = m.Imported, Warnings = m.Warnings }, BatonJsonContext.Default.ImportResult),
        StatusOkMessage m => Ok(ctx, m.Status, BatonJsonContext.Default.StatusSnapshot),
        TaskListOkMessage m => Ok(ctx, m.Tasks, BatonJsonContext.Default.IReadOnlyListTaskItem),
        TaskShowOkMessage m => Ok(ctx, m.Detail, BatonJsonContext.Default.TaskDetail),
        EventsReadOkMessage m => Ok(ctx, m.Events, BatonJsonContext.Default.IReadOnlyListBatonEvent),
        _ => Ok(ctx, reply, BatonJsonContext.Default.ProtocolMessage),
    };

    /// <summary>The HTTP status for an error code (documented in docs/protocol.md).</summary>
    public static int StatusCodeOf(ErrorCode code) => code switch
    {
        ErrorCode.BadRequest or ErrorCode.InvalidPlan or ErrorCode.MalformedMessage or ErrorCode.UnsupportedProtocol => StatusCodes.Status400BadRequest,
        ErrorCode.NoTask or ErrorCode.NotFound => StatusCodes.Status404NotFound,
        ErrorCode.LeaseExpired or ErrorCode.LeaseNotHeld or ErrorCode.IllegalTransition or ErrorCode.DuplicateId => StatusCodes.Status409Conflict,
        ErrorCode.HubUnreachable => StatusCodes.Status503ServiceUnavailable,
        ErrorCode.Timeout => StatusCodes.Status504GatewayTimeout,
        ErrorCode.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCode.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCode.LimitExceeded => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Writes an error with a status of the caller's choosing (a refusal before any endpoint ran).</summary>
    public static Task WriteErrorAsync(HttpContext ctx, int status, BatonError error)
        => WriteAsync(ctx, status, error, BatonJsonContext.Default.BatonError);

    private static Task Ok<T>(HttpContext ctx, T value, JsonTypeInfo<T> typeInfo) => WriteAsync(ctx, StatusCodes.Status200OK, value, typeInfo);

    private static async Task WriteAsync<T>(HttpContext ctx, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(ctx.Response.Body, value, typeInfo, ctx.RequestAborted);
    }
}
