using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Baton.Hub.Access;

/// <summary>
/// Where the hub may listen without TLS: on loopback only. An address other machines can reach carries tokens over
/// the network, so it needs an https URL with a certificate, or an explicit <c>--insecure-http</c>.
/// </summary>
internal static class TransportSecurity
{
    /// <summary>Throws <see cref="HubStartException"/> when the URLs ask for something unsafe or incomplete; true when
    /// an address beyond loopback is served over plain HTTP (allowed with <see cref="HubOptions.InsecureHttp"/>).</summary>
    public static IReadOnlyList<string> Check(HubOptions options)
    {
        var insecure = new List<string>();
        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcard forms ("http://*:7411", "http://+:7411") are not URIs .NET parses.
            var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new HubStartException($"--urls: '{url}' is not an http or https URL (e.g. http://127.0.0.1:7411)");
            }
            if (uri.Scheme == "https" && options.TlsCertificatePath is null)
            {
                throw new HubStartException($"--urls: '{url}' is https, which needs a certificate: --tls-cert cert.pem --tls-key key.pem");
            }
            if (uri.Scheme == "http" && !IsLoopback(uri.Host))
            {
                if (!options.InsecureHttp)
                {
                    throw new HubStartException(
                        $"--urls: '{url}' listens beyond this machine over plain HTTP, where tokens cross the network in clear; "
                        + "serve https (--urls https://0.0.0.0:7411 --tls-cert cert.pem --tls-key key.pem) or, on a network you trust, add --insecure-http");
                }
                insecure.Add(url);
            }
        }
        return insecure;
    }

    /// <summary>Gives Kestrel the certificate for https URLs.</summary>
    public static void Configure(WebApplicationBuilder builder, HubOptions options)
    {
        if (options.TlsCertificatePath is not { } certPath)
        {
            return;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certPath, options.TlsKeyPath);
        }
        catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw new HubStartException($"--tls-cert {certPath}: cannot load the certificate{(options.TlsKeyPath is { } k ? $" with key {k}" : "")}: {ex.Message}", ex);
        }
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
    }

    private static bool IsLoopback(string host)
        => host == "localhost" || IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
}
