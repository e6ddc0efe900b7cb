using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Baton.Scale.Tests.Support;

/// <summary>
/// A real <c>baton serve</c> process (the build next to this test assembly, as <c>dotnet baton.dll</c>; or
/// <c>BATON_TEST_EXECUTABLE</c>), on a free loopback port, so it can be killed with SIGKILL as a crash would end it.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServeProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public Uri Url { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What it printed so far (for failure messages).</summary>
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

    /// <summary>Starts <c>baton serve --store STORE --urls …</c> with <paramref name="extra"/> options in
    /// <paramref name="directory"/>, and returns once <c>/healthz</c> answers.</summary>
    public static async Task<ServeProcess> StartAsync(string store, string directory, IReadOnlyList<string> extra, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        var (command, prefix) = Executable();
        var info = new ProcessStartInfo(command)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in prefix.Concat(["serve", "--store", store, "--urls", url.ToString().TrimEnd('/')]).Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }
        // The test picks the store and hub by arguments only.
        info.Environment.Remove("BATON_SERVER");
        info.Environment.Remove("BATON_STORE");
        info.Environment.Remove("BATON_TOKEN");
        var hub = new ServeProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start baton serve"), url);
        try
        {
            await hub.WaitUntilUpAsync(cancellationToken);
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
        return hub;
    }

    private async Task WaitUntilUpAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"baton serve exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Log}");
            try
            {
                // Every route needs a token but /healthz; a 401 would also say it is up.
                using var health = await http.GetAsync(new Uri(Url, "/healthz"), cancellationToken);
                if (health.IsSuccessStatusCode || health.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Too slow to answer yet (a loaded machine).
            }
            Assert.True(started.Elapsed < ScaleTimeouts.Step, $"baton serve did not answer /healthz within {ScaleTimeouts.Step.TotalSeconds} s:\n{Log}");
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, its sockets are closed by the kernel. Returns once it has exited.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.Dispose();
    }

    /// <summary>Runs <c>baton</c> with <paramref name="args"/> to its end (a one-shot CLI call), with
    /// <paramref name="environment"/> set; returns its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunCliAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment,
        string directory, CancellationToken cancellationToken)
    {
        var (command, prefix) = Executable();
        var info = new ProcessStartInfo(command)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in prefix.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Remove("BATON_SERVER");
        info.Environment.Remove("BATON_STORE");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start baton");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(ScaleTimeouts.Step, cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    // As tests/Baton.Cli.Tests does: BATON_TEST_EXECUTABLE (e.g. the Native AOT build), else the baton.dll built beside the tests.
    private static (string Command, IReadOnlyList<string> Prefix) Executable()
    {
        if (Environment.GetEnvironmentVariable("BATON_TEST_EXECUTABLE") is { Length: > 0 } native)
        {
            return (Path.GetFullPath(native), []);
        }
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        return (host, [Path.Combine(AppContext.BaseDirectory, "baton.dll")]);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
