using System.Diagnostics;
using System.Text;

namespace Baton.Cli.Tests.Support;

/// <summary>Runs the real built <c>baton</c> as a process (see <see cref="BatonExecutable"/>).</summary>
internal static class BatonCli
{
    public static async Task<CliResult> RunAsync(string workingDirectory, string[] args, string? stdin = null, IReadOnlyDictionary<string, string?>? env = null, TimeSpan? timeout = null)
    {
        using var process = Start(workingDirectory, args, env, redirectStdin: stdin is not null);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        using var cts = new CancellationTokenSource(timeout ?? TestTimeouts.Command);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"baton {string.Join(' ', args)} did not finish in time;\nstdout so far: {await stdout}\nstderr: {await stderr}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(string workingDirectory, string[] args, IReadOnlyDictionary<string, string?>? env = null, bool redirectStdin = false)
    {
        var info = new ProcessStartInfo(BatonExecutable.Command)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var arg in BatonExecutable.Prefix.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }
        // Tests pick the mode by arguments only.
        info.Environment.Remove("BATON_SERVER");
        info.Environment.Remove("BATON_STORE");
        info.Environment.Remove("BATON_WORKER");
        foreach (var (key, value) in env ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }
        return Process.Start(info) ?? throw new InvalidOperationException("could not start baton");
    }
}
