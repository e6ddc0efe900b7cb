using System.Net;
using Baton.Hub.Access;
using Baton.Hub.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Dashboard;

/// <summary>
/// The page: <c>/</c> (the app with a page session, otherwise a sign-in page, 401, that shows no data), <c>/login</c>
/// (trades a one-time link for the session cookie and sends the browser on to <c>/</c>, so the secret leaves the
/// address bar), the page's own files at <c>/ui/…</c>, and the JSON the page reads beside the API
/// (<see cref="DashboardApi"/>). The files and the two pages are served without a token: they are the same bytes as
/// in the binary and hold no data; every request for data needs a token or a page session like any other.
/// </summary>
internal static class DashboardEndpoints
{
    public const string LoginPath = "/login";
    public const string AssetPrefix = "/ui/";

    public static void AddServices(IServiceCollection services) => services.AddSingleton(DashboardAssets.Load());

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", PageAsync).AllowAnonymous();
        app.MapGet(LoginPath, LoginAsync).AllowAnonymous();
        app.MapGet(AssetPrefix + "{*file}", AssetAsync).AllowAnonymous();
        DashboardApi.Map(app);
    }

    private static Task PageAsync(HttpContext ctx)
    {
        if (TokenAuthentication.CallerOf(ctx.User) is null || !TokenAuthentication.IsPageSession(ctx.User))
        {
            var why = TokenAuthentication.FailureOf(ctx) is { } failure && UiCookie.Read(ctx.Request) is not null
                ? failure
                : "This page shows the hub's plan to a signed-in browser only.";
            return SignInAsync(ctx, StatusCodes.Status401Unauthorized, why);
        }
        var assets = ctx.RequestServices.GetRequiredService<DashboardAssets>();
        return WriteAsync(ctx, StatusCodes.Status200OK, assets.Find("index.html")!, noStore: true);
    }

    private static async Task LoginAsync(HttpContext ctx)
    {
        var sessions = ctx.RequestServices.GetRequiredService<UiSessions>();
        var logger = ctx.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Baton.Hub.Dashboard");
        var redeemed = sessions.Redeem(ctx.Request.Query["once"].ToString());
        if (redeemed is not { } signedIn)
        {
            HubLog.LoginRefused(logger, RequestGate.Remote(ctx));
            await SignInAsync(ctx, StatusCodes.Status401Unauthorized,
                "This sign-in link was used already or has expired (a link works once, for a short while). Run 'baton ui' again for a new one.");
            return;
        }
        // A browser signing in again ends the session it had.
        sessions.End(UiCookie.Read(ctx.Request));
        HubLog.PageSignedIn(logger, signedIn.Session.TokenId, signedIn.Session.Role.ToName(), RequestGate.Remote(ctx), signedIn.Session.ExpiresAt);
        DashboardHeaders.Apply(ctx.Response, noStore: true);
        UiCookie.Write(ctx.Response, ctx.Request, signedIn.Secret);
        // 303: the browser asks for / with GET, and / replaces the link in the address bar and the back button.
        ctx.Response.StatusCode = StatusCodes.Status303SeeOther;
        ctx.Response.Headers.Location = "/";
    }

    private static Task AssetAsync(HttpContext ctx)
    {
        var assets = ctx.RequestServices.GetRequiredService<DashboardAssets>();
        var path = ctx.Request.RouteValues["file"]?.ToString();
        // The pages are served by their own routes, with the session check.
        if (assets.Find(path) is not { } asset || asset.Name.EndsWith(".html", StringComparison.Ordinal))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        if (ctx.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            DashboardHeaders.Apply(ctx.Response, noStore: false);
            ctx.Response.Headers.ETag = asset.ETag;
            ctx.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        return WriteAsync(ctx, StatusCodes.Status200OK, asset, noStore: false);
    }

    /// <summary>The sign-in page: what to run to sign in, and why this browser is not signed in.</summary>
    private static Task SignInAsync(HttpContext ctx, int status, string why)
    {
        var assets = ctx.RequestServices.GetRequiredService<DashboardAssets>();
        var html = assets.Text("signin.html").Replace("{{why}}", WebUtility.HtmlEncode(why), StringComparison.Ordinal);
        DashboardHeaders.Apply(ctx.Response, noStore: true);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        return ctx.Response.WriteAsync(html, ctx.RequestAborted);
    }

    private static Task WriteAsync(HttpContext ctx, int status, DashboardAssets.Asset asset, bool noStore)
    {
        DashboardHeaders.Apply(ctx.Response, noStore);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = asset.ContentType;
        ctx.Response.ContentLength = asset.Bytes.Length;
        if (!noStore)
        {
            ctx.Response.Headers.ETag = asset.ETag;
        }
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : ctx.Response.Body.WriteAsync(asset.Bytes, ctx.RequestAborted).AsTask();
    }
}
