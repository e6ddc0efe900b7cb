using System.Diagnostics;

namespace Baton.Cli.Demo;

/// <summary>Starts this same <c>baton</c> executable as a child process (the demo's workers).</summary>
internal static class SelfProcess
{
    public static Process Start(IEnumerable<string> args, string workingDirectory)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell this process's executable");
        var info = new ProcessStartInfo(processPath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Run through `dotnet baton.dll`: the host needs the entry assembly as its first argument.
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "baton.dll"));
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // The child gets its mode from its arguments only.
        info.Environment.Remove("BATON_SERVER");
        info.Environment.Remove("BATON_STORE");
        info.Environment.Remove("BATON_WORKER");
        // ...and finds the demo hub's token in the demo repository's .baton/, where it runs.
        info.Environment.Remove("BATON_TOKEN");
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {processPath}");
    }
}
