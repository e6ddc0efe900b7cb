using Microsoft.AspNetCore.Http;

namespace Baton.Hub.Dashboard;

/// <summary>
/// The page session's cookie, and when a request may be authenticated by it. Browsers send a cookie to every port of
/// a host, and count every port of 127.0.0.1 as the same site, so SameSite=Strict alone does not keep a page served
/// from another port away from it: a request that rides on the cookie must also come from the hub's own page
/// (<see cref="Refusal"/>).
/// </summary>
internal static class UiCookie
{
    /// <summary>The header the page sends with every API request. A page of another origin cannot add it without a
    /// CORS preflight, which the hub never grants, so no other page can make a request that carries the cookie and
    /// this header.</summary>
    public const string PageHeader = "X-Baton-Page";

    /// <summary>The cookie's name: one per port (a hub of another repository on another port keeps its own), with the
    /// <c>__Host-</c> prefix over https (the browser then insists on Secure, Path=/ and no Domain).</summary>
    public static string Name(HttpRequest request)
    {
        var port = request.Host.Port ?? (request.IsHttps ? 443 : 80);
        return (request.IsHttps ? "__Host-" : "") + "baton_ui_" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The cookie's secret; null when the request carries none.</summary>
    public static string? Read(HttpRequest request)
        => request.Cookies.TryGetValue(Name(request), out var value) && value.Length > 0 ? value : null;

    /// <summary>Sets the session cookie: HttpOnly (no script reads it), SameSite=Strict, Path=/, Secure over https, and
    /// no expiry of its own (it ends with the browser; the hub ends the session at its lifetime).</summary>
    public static void Write(HttpResponse response, HttpRequest request, string secret)
        => response.Cookies.Append(Name(request), secret, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = request.IsHttps,
            Path = "/",
            IsEssential = true,
        });

    /// <summary>Expires the cookie (sign-out, or a session that ended).</summary>
    public static void Clear(HttpResponse response, HttpRequest request)
        => response.Cookies.Delete(Name(request), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = request.IsHttps,
            Path = "/",
        });

    /// <summary>Whether the cookie counts on this path at all: the page (<c>/</c>) and the JSON API. The WebSocket,
    /// <c>/mcp</c> and everything else take bearer tokens only.</summary>
    public static bool Applies(PathString path) => path == "/" || path.StartsWithSegments("/api");

    /// <summary>Null when a request carrying the cookie may be authenticated by it; otherwise why not. The request gate
    /// has already refused a foreign Host or Origin; on top of that a cookie request must be the hub's own page's:
    /// <list type="bullet">
    /// <item>its <c>Sec-Fetch-Site</c>, when the browser sends one, is <c>same-origin</c> (or <c>none</c>, a page the
    /// user opened, for <c>/</c> only);</item>
    /// <item>an API request carries <see cref="PageHeader"/>;</item>
    /// <item>a request that may change something (not GET or HEAD) carries an <c>Origin</c>, and it is the hub's own
    /// (CSRF: SameSite=Strict does not cover another port of the same host).</item>
    /// </list></summary>
    public static string? Refusal(HttpRequest request, Func<string, bool> isOwnOrigin)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        var isPage = request.Path == "/";
        if (fetchSite.Length > 0 && fetchSite != "same-origin" && !(isPage && fetchSite == "none"))
        {
            return $"the page session's cookie came with a request from another page (Sec-Fetch-Site: {fetchSite})";
        }
        if (!isPage && request.Headers[PageHeader].Count == 0)
        {
            return $"a request authenticated by the page session's cookie must carry {PageHeader} (the hub's page sends it; other pages cannot)";
        }
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            var origin = request.Headers.Origin.ToString();
            if (origin.Length == 0 || !isOwnOrigin(origin))
            {
                return $"a {request.Method} authenticated by the page session's cookie must come from the hub's own page (Origin: {(origin.Length == 0 ? "none" : origin)})";
            }
        }
        return null;
    }
}
