using Baton.Compare.Servers;

namespace Baton.Compare.Report;

/// <summary>The versions of the peers, best effort: a tool that is missing shows as such.</summary>
internal static class ToolVersions
{
    public static async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        var postgres = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "postgres")).Where(File.Exists).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        (string Label, string? Program, string Flag)[] tools =
        [
            ("beanstalkd", "beanstalkd", "-v"),
            ("redis", "redis-server", "--version"),
            ("postgres", postgres ?? "postgres", "--version"),
            ("hyperfine", "hyperfine", "--version"),
            ("backlog", "backlog", "--version"),
            ("task-master", "task-master", "--version"),
        ];
        var parts = new List<string>();
        foreach (var (label, program, flag) in tools)
        {
            var path = CommandRunner.Which(program!);
            if (path is null)
            {
                parts.Add(label + " missing");
                continue;
            }
            var result = await CommandRunner.RunAsync(path, [flag], null, TimeSpan.FromSeconds(60), cancellationToken);
            var line = (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault() ?? "?";
            parts.Add(label + " " + Shorten(line));
        }
        return string.Join(", ", parts);
    }

    // "Redis server v=7.0.15 sha=..." -> "v=7.0.15"; "postgres (PostgreSQL) 15.14" -> "15.14".
    private static string Shorten(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.FirstOrDefault(w => w.StartsWith("v=", StringComparison.Ordinal))?[2..]
            ?? words.FirstOrDefault(w => w.Length > 0 && char.IsAsciiDigit(w[0]))
            ?? line;
    }
}
