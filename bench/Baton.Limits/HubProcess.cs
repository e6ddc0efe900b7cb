using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net.WebSockets;
using Baton.Core.Access;
using Baton.Hub.Access;
using Baton.Storage.Sqlite;

namespace Baton.Limits;

/// <summary>A real <c>baton serve</c> on a fresh store and a free loopback port, and its resident memory.</summary>
internal sealed class HubProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private HubProcess(Process process, string directory, Uri url, string token)
    {
        _process = process;
        _directory = directory;
        Url = url;
        Token = token;
    }

    public Uri Url { get; }

    /// <summary>The repository's own token (the key is made before the hub starts, as its first start would).</summary>
    public string Token { get; }

    /// <summary>An HTTP client for the hub that sends the token.</summary>
    public HttpClient Http(TimeSpan? timeout = null)
    {
        var http = new HttpClient { BaseAddress = Url, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    /// <summary>A WebSocket that sends the token on its upgrade.</summary>
    public ClientWebSocket Socket()
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + Token);
        return socket;
    }

    public Uri SocketUrl => new UriBuilder(Url) { Scheme = "ws", Path = "/ws" }.Uri;

    /// <summary>Starts <c>dotnet BATON.dll serve</c> (or the apphost) and waits until /health answers.</summary>
    public static async Task<HubProcess> StartAsync(string baton, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "baton-limits-" + Guid.NewGuid().ToString("N")[..8]);
        var store = Path.Combine(directory, ".baton", "baton.db");
        Directory.CreateDirectory(Path.GetDirectoryName(store)!);
        await using (await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = store, CreateIfMissing = true, WatchForChanges = false }, cancellationToken))
        {
        }
        var token = HubToken.Local(AccessKey.LoadOrCreate(Path.GetDirectoryName(store)!));
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var start = baton.EndsWith(".dll", StringComparison.Ordinal)
            ? new ProcessStartInfo("dotnet") { ArgumentList = { baton } }
            : new ProcessStartInfo(baton);
        foreach (var argument in new[] { "serve", "--store", store, "--urls", url.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        start.WorkingDirectory = directory;
        var process = Process.Start(start) ?? throw new InvalidOperationException("baton serve did not start");
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var health = await http.GetAsync("/health", cancellationToken);
                if (health.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
            }
            await Task.Delay(100, cancellationToken);
        }
        return new HubProcess(process, directory, url, token);
    }

    /// <summary>The hub's resident set, in MiB (Linux /proc).</summary>
    public double RssMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        return double.NaN;
    }

    public bool HasExited => _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
