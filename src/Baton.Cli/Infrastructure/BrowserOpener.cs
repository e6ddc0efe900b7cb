using System.Diagnostics;

namespace Baton.Cli.Infrastructure;

/// <summary>Opens a URL in the user's browser: <c>xdg-open</c> on Linux and the BSDs, <c>open</c> on macOS, the shell on
/// Windows. The opener runs detached, with its output thrown away, so a browser's chatter never lands in baton's
/// output and baton need not wait for it.</summary>
internal static class BrowserOpener
{
    /// <summary>True when an opener was started; false when this machine has none (no desktop, e.g. over ssh).</summary>
    public static bool TryOpen(string url)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                using var shell = Process.Start(new ProcessStartInfo(url) { UseShellExecute = true });
                return shell is not null;
            }
            var opener = FindOnPath(OperatingSystem.IsMacOS() ? "open" : "xdg-open");
            if (opener is null)
            {
                return false;
            }
            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            // exec with no stdin/stdout/stderr: the shell becomes the opener, detached from baton's streams.
            foreach (var argument in new[] { "-c", "exec \"$0\" \"$1\" </dev/null >/dev/null 2>&1", opener, url })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start);
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
