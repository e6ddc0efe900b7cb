using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Baton.Cli.Tests.Support;

/// <summary>Runs a tool other than baton (node, npm) to the end, with a deadline.</summary>
internal static class ExternalProcess
{
    /// <summary>How it ended, or null when the program is not installed.</summary>
    public static async Task<CliResult?> RunAsync(string fileName, string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Remove("BATON_SERVER");
        info.Environment.Remove("BATON_STORE");
        info.Environment.Remove("BATON_WORKER");
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        }
        catch (Win32Exception)
        {
            return null;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish in {timeout};\nstdout: {await stdout}\nstderr: {await stderr}");
            }
            return new CliResult(process.ExitCode, await stdout, await stderr);
        }
    }
}
