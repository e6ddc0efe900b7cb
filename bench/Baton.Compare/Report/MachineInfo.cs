using System.Globalization;
using Baton.Compare.Servers;

namespace Baton.Compare.Report;

/// <summary>The header facts: which commit ran, on what, how loaded, and when.</summary>
internal sealed record MachineInfo(string Commit, string Machine, string Date, string Versions, string Fsync)
{
    public static async Task<MachineInfo> ReadAsync(CancellationToken cancellationToken)
    {
        var commit = await CommandRunner.RunAsync("git", ["rev-parse", "--short", "HEAD"], null, TimeSpan.FromSeconds(10), cancellationToken);
        var dirty = await CommandRunner.RunAsync("git", ["status", "--porcelain", "--untracked-files=no"], null, TimeSpan.FromSeconds(30), cancellationToken);
        var commitText = commit.Succeeded ? commit.StandardOutput.Trim() + (dirty.Succeeded && dirty.StandardOutput.Trim().Length > 0 ? " (with uncommitted changes)" : "") : "unknown (not a git checkout)";
        var memory = ReadFirst("/proc/meminfo", "MemTotal:") is { } kb && long.TryParse(kb.Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture, out var k)
            ? string.Create(CultureInfo.InvariantCulture, $"{k / 1024.0 / 1024.0:F1} GiB")
            : "unknown";
        var cpu = ReadFirst("/proc/cpuinfo", "model name")?.TrimStart(':', ' ', '\t') ?? "unknown CPU";
        var kernel = ReadText("/proc/sys/kernel/osrelease") ?? "unknown";
        var machine = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores ({cpu}), {memory} memory, Linux {kernel}, .NET {Environment.Version}");
        return new MachineInfo(commitText, machine, TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            await ToolVersions.ReadAsync(cancellationToken), FsyncProbe.Measure(ScratchDirectory.Root));
    }

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage()
        => ReadText("/proc/loadavg") is { } text ? string.Join(' ', text.Split(' ').Take(3)) : "unknown";

    private static string? ReadText(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    private static string? ReadFirst(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[key.Length..].Trim();
    }
}
