using System.Diagnostics;

namespace Baton.Context;

/// <summary>One build of <c>baton</c> (a <c>baton.dll</c> run by the dotnet host, or a native executable), and what
/// it can do: a build from before MCP roles has no <c>--role</c>.</summary>
internal sealed class Baton
{
    private Baton(string command, IReadOnlyList<string> prefix)
    {
        Command = command;
        Prefix = prefix;
    }

    public string Command { get; }

    public IReadOnlyList<string> Prefix { get; }

    public bool HasRoles { get; private set; }

    public static async Task<Baton> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var baton = full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? new Baton("dotnet", [full]) : new Baton(full, []);
        var help = await baton.RunAsync(Directory.GetCurrentDirectory(), ["mcp", "--help"], cancellationToken);
        baton.HasRoles = help.Stdout.Contains("--role", StringComparison.Ordinal);
        return baton;
    }

    public IReadOnlyList<string> Arguments(params string[] args) => [.. Prefix, .. args];

    /// <summary>Runs <c>baton ARGS</c> in <paramref name="directory"/> and returns what it printed.</summary>
    public async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string directory, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Command)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in Prefix.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in new[] { "BATON_SERVER", "BATON_STORE", "BATON_WORKER", "BATON_TOKEN" })
        {
            start.Environment.Remove(name);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Command}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs <c>baton ARGS</c> and fails the benchmark unless it exits 0.</summary>
    public async Task<string> RunOkAsync(string directory, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (exit, stdout, stderr) = await RunAsync(directory, args, cancellationToken);
        return exit == 0 ? stdout : throw new InvalidOperationException($"baton {string.Join(' ', args)} exited {exit}: {stderr}{stdout}");
    }
}
