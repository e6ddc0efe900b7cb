using System.ComponentModel;
using System.Diagnostics;

namespace Baton.Service.Checks;

/// <summary>Runs a <c>command</c> check's process: no shell unless asked, a time limit, the whole tree killed on timeout.</summary>
internal static class CommandProcess
{
    /// <summary>How long to wait for the output pipes to close after the process exited: a background child that
    /// inherited them may keep them open indefinitely.</summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    public static async Task<CommandOutcome> RunAsync(ProcessStartInfo start, TimeSpan timeout, int outputLimit,
        TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        start.UseShellExecute = false;
        start.CreateNoWindow = true;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            // The program does not exist or may not be run: an expected failure of the check, not a bug.
            return new CommandOutcome { StartProblem = ex.Message };
        }
        // A command that reads stdin must see end of input at once rather than wait for a terminal.
        process.StandardInput.Close();
        var tail = new OutputTail(outputLimit);
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput, tail), PumpAsync(process.StandardError, tail));
        var timedOut = false;
        using (var limit = new CancellationTokenSource(timeout, timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token))
        {
            try
            {
                await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                timedOut = true;
            }
        }
        try
        {
            await pumps.WaitAsync(DrainGrace, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            tail.Append("\n[output still open after the command exited: a background process holds it; stopped reading]\n");
        }
        return new CommandOutcome { ExitCode = timedOut ? null : process.ExitCode, TimedOut = timedOut, Output = tail.ToString() };
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill: nothing left to stop.
        }
    }

    private static async Task PumpAsync(StreamReader reader, OutputTail tail)
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                tail.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process object was disposed while a background child still held the pipe: the output ends here.
        }
    }
}
