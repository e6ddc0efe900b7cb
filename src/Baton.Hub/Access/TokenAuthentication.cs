using System.Security.Claims;
using System.Text.Encodings.Web;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Hub.Dashboard;
using Baton.Hub.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Baton.Hub.Access;

/// <summary>
/// The hub's authentication scheme: a bearer token in <c>Authorization</c>, checked by <see cref="TokenValidator"/>;
/// or, without one, on the page and the JSON API only, the page session's cookie (<see cref="UiCookie"/>,
/// <see cref="UiSessions"/>), whose session is checked again at every request along with the token that opened it.
/// The principal carries a role claim for its role and each role below it, so a route's policy is a plain
/// <c>RequireRole</c>. A refusal answers 401 with the documented JSON error naming what is wrong.
/// </summary>
internal sealed class TokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder, TokenValidator validator,
    UiSessions sessions, OriginPolicy origins)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    public const string SchemeName = "BatonToken";

    private const string TokenIdClaim = "baton:token";
    private const string WorkerClaim = "baton:worker";
    private const string ExpiresClaim = "baton:expires";
    private const string FailureKey = "baton:auth-failure";
    private const string CookieClaim = "baton:cookie";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.Authorization.Count == 0)
        {
            return Task.FromResult(UiCookie.Applies(Request.Path) && UiCookie.Read(Request) is { } secret
                ? AuthenticateCookie(secret)
                : AuthenticateResult.NoResult());
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

    private AuthenticateResult AuthenticateCookie(string secret)
    {
        if (UiCookie.Refusal(Request, origins.IsOwn) is { } refused)
        {
            return Refuse(refused);
        }
        if (sessions.Find(secret) is not { } session)
        {
            return Refuse("the page session has ended (it expired, was signed out, or the hub restarted since); run 'baton ui' for a new sign-in link");
        }
        // The token that opened the page must still hold: revoking it, or rotating the key, ends the page's session too.
        var minter = validator.Validate(session.MintingToken);
        if (!minter.IsOk)
        {
            sessions.End(secret);
            return Refuse($"the page session has ended: the token that opened it no longer holds ({minter.Error.Message})");
        }
        var role = minter.Value.Role < session.Role ? minter.Value.Role : session.Role;
        var principal = ToPrincipal(new Caller(session.TokenId, role, null, session.ExpiresAt), pageSession: true);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private AuthenticateResult Refuse(string reason)
    {
        Context.Items[FailureKey] = reason;
        return AuthenticateResult.Fail(reason);
    }

    /// <summary>Why the request's token or page session was refused; null when none was refused.</summary>
    public static string? FailureOf(HttpContext context) => context.Items[FailureKey] as string;

    /// <summary>True when the request was authenticated by the page session's cookie rather than a bearer token.</summary>
    public static bool IsPageSession(ClaimsPrincipal? user) => user?.FindFirst(CookieClaim) is not null;

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items[FailureKey] as string ?? TokenValidator.MissingTokenHelp;
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        if (UiCookie.Read(Request) is not null && Context.Items[FailureKey] is not null)
        {
            // A session that ended: the browser may drop its cookie.
            UiCookie.Clear(Response, Request);
        }
        return HttpReplies.WriteErrorAsync(Context, StatusCodes.Status401Unauthorized, BatonError.Of(ErrorCode.Unauthorized, reason));
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header; null when there is none or it is not a bearer.</summary>
    public static string? BearerOf(HttpRequest request)
    {
        const string bearer = "Bearer ";
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? header[bearer.Length..].Trim() : null;
    }

    /// <summary>The principal for a caller: its token id, worker binding, and one role claim per role it covers;
    /// <paramref name="pageSession"/> marks one authenticated by the page session's cookie.</summary>
    public static ClaimsPrincipal ToPrincipal(Caller caller, bool pageSession = false)
    {
        var claims = new List<Claim> { new(TokenIdClaim, caller.TokenId) };
        if (pageSession)
        {
            claims.Add(new Claim(CookieClaim, "1"));
        }
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
