using System.Diagnostics;

namespace Baton.Cli.Run;

/// <summary>
/// Runs the agent command once for one task: <c>/bin/sh -c CMD</c> (CMD is a command line the user wrote, so it
/// gets a shell), in the worker's worktree, stdin closed, stdout and stderr appended to one log file as they
/// arrive, and the whole process tree killed when the time limit runs out.
/// </summary>
internal static class AgentProcess
{
    private const int TailLines = 40;

    public static async Task<AgentRunResult> RunAsync(string command, string workingDirectory, IReadOnlyDictionary<string, string> environment,
        string logPath, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        // The agent reaches Baton through BATON_SERVER; a store path from our own environment would bypass the hub.
        info.Environment.Remove("BATON_STORE");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var tail = new Queue<string>();
        var gate = new Lock();
        await using var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (gate)
            {
                log.WriteLine(line);
                tail.Enqueue(line);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }
        }

        var started = Stopwatch.GetTimestamp();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeLimit);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            // Bounded: the tree is dead, so the pipes close; this only drains what was already written.
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            Append(timedOut ? $"[baton] killed after the time limit of {timeLimit}" : "[baton] killed: baton run was interrupted");
            cancellationToken.ThrowIfCancellationRequested();
        }
        lock (gate)
        {
            return new AgentRunResult
            {
                ExitCode = timedOut ? -1 : process.ExitCode,
                TimedOut = timedOut,
                Duration = Stopwatch.GetElapsedTime(started),
                Tail = [.. tail],
                LogPath = logPath,
            };
        }
    }
}
