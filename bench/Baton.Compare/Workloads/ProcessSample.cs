using System.Globalization;

namespace Baton.Compare.Workloads;

/// <summary>What <c>/proc/&lt;pid&gt;/status</c> says of a process at one moment: resident memory, its peak,
/// threads, and how many file descriptors it has open.</summary>
internal sealed record ProcessSample(long RssKiB, long PeakRssKiB, int Threads, int OpenFiles)
{
    /// <summary>Reads the process's status; null when it has exited.</summary>
    public static ProcessSample? Read(int pid)
    {
        var status = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status";
        string[] lines;
        int openFiles;
        try
        {
            lines = File.ReadAllLines(status);
            openFiles = Directory.GetFileSystemEntries($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd").Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return new ProcessSample(Field(lines, "VmRSS:"), Field(lines, "VmHWM:"), (int)Field(lines, "Threads:"), openFiles);
    }

    /// <summary>The soft and hard limit on open files of this process (<c>ulimit -n</c>); a child inherits them.</summary>
    public static (long Soft, long Hard) OpenFilesLimit()
    {
        // "Max open files            20000                20000                files"
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var parts = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return parts.Length >= 2 ? (Limit(parts[0]), Limit(parts[1])) : (long.MaxValue, long.MaxValue);
    }

    private static long Limit(string text)
        => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;

    // "VmRSS:	  123456 kB" -> 123456; "Threads:	24" -> 24.
    private static long Field(string[] lines, string key)
    {
        var line = lines.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"/proc status has no {key}");
        var number = line[key.Length..].Replace("kB", "", StringComparison.Ordinal).Trim();
        return long.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
