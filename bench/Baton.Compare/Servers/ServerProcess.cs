using System.Collections.Concurrent;
using System.Diagnostics;

namespace Baton.Compare.Servers;

/// <summary>
/// A server the harness started. It is stopped by <see cref="StopAsync"/> (signal, wait, then kill),
/// and, should the harness itself be interrupted, by <see cref="KillAll"/> from the exit handlers.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly string _name;
    private readonly string _stopSignal;
    private readonly ConcurrentQueue<string> _output = new();
    private bool _stopped;

    private ServerProcess(Process process, string name, string stopSignal)
    {
        _process = process;
        _name = name;
        _stopSignal = stopSignal;
    }

    /// <summary>The server's process id (for reading <c>/proc/&lt;pid&gt;/status</c>).</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Starts <paramref name="file"/> and waits until it accepts connections on 127.0.0.1:<paramref name="port"/>.
    /// <paramref name="stopSignal"/> is the graceful stop (<c>TERM</c>, or <c>INT</c> for PostgreSQL's fast shutdown).
    /// <paramref name="environment"/> sets variables for the server; a null value removes one.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string name, string file, IReadOnlyList<string> arguments, int port,
        string stopSignal, CancellationToken cancellationToken, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }
        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process, name, stopSignal);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.Start();
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (!await FreePort.WaitUntilOpenAsync(port, StartTimeout, () => process.HasExited, cancellationToken))
            {
                throw new InvalidOperationException($"{name} did not accept connections on 127.0.0.1:{port}: {server.OutputTail()}");
            }
        }
        catch
        {
            await server.StopAsync();
            throw;
        }
        return server;
    }

    /// <summary>The last lines the server printed.</summary>
    public string OutputTail() => string.Join(" | ", _output.TakeLast(5));

    /// <summary>Signals the server to stop, waits for it, and kills it if it has not exited in time.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        if (!_process.HasExited)
        {
            await CommandRunner.RunAsync("kill", ["-" + _stopSignal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                null, TimeSpan.FromSeconds(5), CancellationToken.None);
            using var limit = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"note: {_name} did not stop within {StopTimeout.TotalSeconds:F0} s; killing it");
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        Running.TryRemove(_process.Id, out _);
    }

    /// <summary>SIGKILL, as a crash would end it: no shutdown code runs. Returns once it has exited.</summary>
    public async Task KillAsync()
    {
        _stopped = true;
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        Running.TryRemove(_process.Id, out _);
    }

    /// <summary>Last resort from the exit handlers: kill whatever is still running.</summary>
    public static void KillAll()
    {
        foreach (var (_, process) in Running)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 50 && _output.TryDequeue(out _))
        {
        }
    }
}
