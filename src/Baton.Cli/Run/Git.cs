using System.Diagnostics;

namespace Baton.Cli.Run;

/// <summary>Runs <c>git</c> as a process: arguments passed as they are (no shell), output captured.</summary>
internal static class Git
{
    public static Task<GitResult> RunAsync(string workingDirectory, IEnumerable<string> args, CancellationToken cancellationToken)
        => RunAsync(workingDirectory, args, null, cancellationToken);

    /// <summary>Runs git with <paramref name="input"/> (when given) on its stdin.</summary>
    public static async Task<GitResult> RunAsync(string workingDirectory, IEnumerable<string> args, string? input, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Never ask a question on a terminal nobody watches (merge messages, credentials).
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_EDITOR"] = "true";
        info.Environment["GIT_MERGE_AUTOEDIT"] = "no";
        // Git's words in English: GitRepository reads what a merge did from them.
        info.Environment["LC_ALL"] = "C";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start git");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new GitResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<GitResult> RunAsync(string workingDirectory, CancellationToken cancellationToken, params string[] args)
        => RunAsync(workingDirectory, args, cancellationToken);
}
