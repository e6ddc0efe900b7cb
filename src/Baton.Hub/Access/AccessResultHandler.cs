using Baton.Core.Errors;
using Baton.Hub.Http;
using Baton.Hub.Logging;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Access;

/// <summary>
/// Turns the authorization middleware's refusals into the hub's JSON errors (401 <c>unauthorized</c>, 403
/// <c>forbidden</c> naming the role needed) and logs each with the remote address, for the audit trail.
/// </summary>
internal sealed class AccessResultHandler(ILoggerFactory loggers) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();
    private readonly ILogger _logger = loggers.CreateLogger("Baton.Hub.Access");

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            HubLog.HttpRefused(_logger, context.Request.Method, context.Request.Path, RequestGate.Remote(context), StatusCodes.Status401Unauthorized,
                "no valid token");
            await context.ChallengeAsync(TokenAuthentication.SchemeName);
            return;
        }
        if (authorizeResult.Forbidden)
        {
            var caller = TokenAuthentication.CallerOf(context.User);
            var needed = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).FirstOrDefault() ?? "another";
            var reason = caller is null
                ? $"{context.Request.Path} needs the {needed} role"
                : $"{context.Request.Method} {context.Request.Path} needs the {needed} role; token {caller.TokenId} has the {caller.Role.ToName()} role";
            HubLog.HttpRefused(_logger, context.Request.Method, context.Request.Path, RequestGate.Remote(context), StatusCodes.Status403Forbidden, reason);
            await HttpReplies.WriteErrorAsync(context, StatusCodes.Status403Forbidden, BatonError.Of(ErrorCode.Forbidden, reason));
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
