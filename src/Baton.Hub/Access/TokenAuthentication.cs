using System.Security.Claims;
using System.Text.Encodings.Web;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Hub.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Baton.Hub.Access;

/// <summary>
/// The hub's authentication scheme: a bearer token in <c>Authorization</c>, checked by <see cref="TokenValidator"/>.
/// The principal carries a role claim for its role and each role below it, so a route's policy is a plain
/// <c>RequireRole</c>. A refusal answers 401 with the documented JSON error naming what is wrong.
/// </summary>
internal sealed class TokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder, TokenValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    public const string SchemeName = "BatonToken";

    private const string TokenIdClaim = "baton:token";
    private const string WorkerClaim = "baton:worker";
    private const string ExpiresClaim = "baton:expires";
    private const string FailureKey = "baton:auth-failure";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.Authorization.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var token = BearerOf(Request);
        var caller = token is null
            ? Result<Caller>.Fail(ErrorCode.Unauthorized, "the Authorization header must be 'Bearer <token>'")
            : validator.Validate(token);
        if (!caller.IsOk)
        {
            Context.Items[FailureKey] = caller.Error.Message;
            return Task.FromResult(AuthenticateResult.Fail(caller.Error.Message));
        }
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(ToPrincipal(caller.Value), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items[FailureKey] as string ?? TokenValidator.MissingTokenHelp;
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return HttpReplies.WriteErrorAsync(Context, StatusCodes.Status401Unauthorized, BatonError.Of(ErrorCode.Unauthorized, reason));
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header; null when there is none or it is not a bearer.</summary>
    public static string? BearerOf(HttpRequest request)
    {
        const string bearer = "Bearer ";
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? header[bearer.Length..].Trim() : null;
    }

    /// <summary>The principal for a caller: its token id, worker binding, and one role claim per role it covers.</summary>
    public static ClaimsPrincipal ToPrincipal(Caller caller)
    {
        var claims = new List<Claim> { new(TokenIdClaim, caller.TokenId) };
        for (var role = HubRole.Observer; role <= caller.Role; role++)
        {
            claims.Add(new Claim(ClaimTypes.Role, role.ToName()));
        }
        if (caller.Worker is { } worker)
        {
            claims.Add(new Claim(WorkerClaim, worker.Value));
        }
        if (caller.ExpiresAt is { } expires)
        {
            claims.Add(new Claim(ExpiresClaim, expires.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }

    /// <summary>The caller an authenticated principal stands for; null when the request was not authenticated.</summary>
    public static Caller? CallerOf(ClaimsPrincipal? user)
    {
        if (user?.FindFirst(TokenIdClaim)?.Value is not { } id)
        {
            return null;
        }
        var role = HubRole.Observer;
        foreach (var claim in user.FindAll(ClaimTypes.Role))
        {
            if (HubRoles.TryParse(claim.Value, out var r) && r > role)
            {
                role = r;
            }
        }
        var worker = user.FindFirst(WorkerClaim)?.Value;
        var expires = user.FindFirst(ExpiresClaim)?.Value is { } ms
            ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ms, System.Globalization.CultureInfo.InvariantCulture))
            : (DateTimeOffset?)null;
        return new Caller(id, role, worker is null ? null : new WorkerId(worker), expires);
    }
}
