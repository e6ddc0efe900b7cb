using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Baton.Hub.Dashboard;

/// <summary>The headers every response of the page carries: a strict Content-Security-Policy (scripts, styles and
/// requests to the hub itself only; no inline script or style, no frames, no forms, no plugins), no sniffing, no
/// framing, no referrer (a sign-in link never travels in one), and isolation from other origins' windows.</summary>
internal static class DashboardHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Sets the headers; <paramref name="noStore"/> for the page and the sign-in answers, which a browser
    /// must neither keep nor show again from its cache.</summary>
    public static void Apply(HttpResponse response, bool noStore)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.CacheControl = noStore ? "no-store" : "no-cache";
    }

    /// <summary>For the JSON the page reads: not to be sniffed as anything else, nor kept in a cache.</summary>
    public static void ApplyToData(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers[HeaderNames.CacheControl] = "no-store";
    }
}
