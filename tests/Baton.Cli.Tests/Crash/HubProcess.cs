using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Crash;

/// <summary>A real <c>baton serve</c> process on a fixed loopback port, so it can be killed with SIGKILL and
/// started again on the same store and port.</summary>
internal sealed class HubProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly string _repo;

    private HubProcess(Process process, Uri url, string repo)
    {
        _process = process;
        Url = url;
        _repo = repo;
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public Uri Url { get; }

    /// <summary>The repository's own token, as the CLI derives it from .baton/hub.key (made by the hub on start).</summary>
    public string Token => Baton.Core.Access.HubToken.Local(Baton.Hub.Access.AccessKey.LoadOrCreate(Path.Combine(_repo, ".baton")));

    /// <summary>An HTTP client for the hub that sends its token.</summary>
    public HttpClient Http()
    {
        var http = new HttpClient { BaseAddress = Url };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    public int Pid => _process.Id;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>A port nobody listens on now: bind port 0, read it, let it go.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts <c>baton serve</c> on the repository's <c>.baton/baton.db</c> and returns once <c>/health</c> answers.</summary>
    public static Task<HubProcess> StartAsync(string repo, int port, params string[] extra)
        => StartWithAsync(repo, port, ["--store", Path.Combine(repo, ".baton", "baton.db"), .. extra]);

    /// <summary>Starts <c>baton serve</c> with these arguments only (the store found as the CLI finds it, unless they name
    /// one) and returns once <c>/health</c> answers.</summary>
    public static async Task<HubProcess> StartWithAsync(string repo, int port, string[] args)
    {
        var url = new Uri($"http://127.0.0.1:{port}");
        var process = BatonCli.Start(repo, ["serve", "--urls", url.ToString().TrimEnd('/'), .. args]);
        var hub = new HubProcess(process, url, repo);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        // /health needs a token like every route: the hub makes its key on start, so a 401 also says it is up.
        var deadline = TimeProvider.System.GetUtcNow() + TestTimeouts.Command;
        while (true)
        {
            Assert.False(process.HasExited, $"baton serve exited with {(process.HasExited ? process.ExitCode : 0)}:\n{hub.Log}");
            try
            {
                using var health = await http.GetAsync(new Uri(url, "/health"), TestContext.Current.CancellationToken);
                if (health.IsSuccessStatusCode || health.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return hub;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // Too slow to answer yet (a loaded machine).
            }
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"baton serve did not answer /health in time:\n{hub.Log}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>SIGTERM, as a service manager stops it: the hub shuts down and flushes its logs; returns once it
    /// has exited. (Not SIGINT: a shell that starts a job in the background makes it ignore SIGINT, and so does
    /// every process the job starts.)</summary>
    public async Task StopAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(ct);
            Assert.Equal(0, kill.ExitCode);
        }
        await _process.WaitForExitAsync(ct).WaitAsync(TestTimeouts.Command, ct);
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
