using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Baton.Core.Access;
using Baton.Hub.Access;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Tests.Access;

/// <summary>A hub for a team listens beyond loopback over TLS, with a PEM certificate and key.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Https_WithAPemCertificate_ServesTokenHolders()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("baton-hub-tls-").FullName;
        try
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=hub.test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1));
            var certPath = Path.Combine(directory, "cert.pem");
            var keyPath = Path.Combine(directory, "key.pem");
            await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem(), ct);
            await File.WriteAllTextAsync(keyPath, rsa.ExportPkcs8PrivateKeyPem(), ct);

            await using var hub = await BatonHub.StartAsync(new HubOptions
            {
                StorePath = Path.Combine(directory, ".baton", "baton.db"),
                CreateStoreIfMissing = true,
                Urls = "https://0.0.0.0:0",
                TlsCertificatePath = certPath,
                TlsKeyPath = keyPath,
                ConfigureLogging = logging => logging.ClearProviders(),
            }, ct);
            Assert.Equal("https", hub.Url.Scheme);

            // The client trusts exactly this certificate.
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
            };
            using var http = new HttpClient(handler) { BaseAddress = hub.Url };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/status", ct)).StatusCode);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                HubToken.Local(AccessKey.LoadOrCreate(Path.Combine(directory, ".baton"))));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/status", ct)).StatusCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Https_WithoutACertificate_RefusesToStart()
    {
        var options = new HubOptions { StorePath = "unused.db", Urls = "https://127.0.0.1:0" };
        var refused = await Assert.ThrowsAsync<HubStartException>(() => BatonHub.StartAsync(options, TestContext.Current.CancellationToken));
        Assert.Contains("--tls-cert", refused.Message, StringComparison.Ordinal);
    }
}
