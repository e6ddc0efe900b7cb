using System.Globalization;

namespace Baton.Compare;

/// <summary>Command-line options of the comparison harness.</summary>
internal sealed class CompareOptions
{
    public const string Usage = """
        usage: Baton.Compare [options]
          --tasks N             preloaded tasks per lifecycle run (default 20000)
          --samples N           handoff samples (default 2000)
          --consumers LIST      lifecycle consumer counts (default 1,8)
          --only LIST           rows to run, e.g. beanstalkd,redis-always,redis-everysec,postgres,baton-local,baton-hub,baton-hub-next,backlog,task-master,baton-cli
          --cli baton=PATH      also time `PATH status` and `PATH claim --worker bench --json` (in a repo made with `PATH init`)
          --no-cli              skip the CLI latency section
          --runs N              hyperfine runs per CLI command (default 30; warmup 3)
          --temp DIR            where the scratch folders go (default: the system temp folder)
          --out FILE            also write the markdown report to FILE
        """;

    /// <summary>Every row name <c>--only</c> accepts.</summary>
    public static readonly IReadOnlyList<string> KnownRows =
        ["beanstalkd", "redis-always", "redis-everysec", "postgres", "baton-local", "baton-hub", "baton-hub-next", "backlog", "task-master", "baton-cli"];

    public int Tasks { get; private set; } = 20_000;

    public int Samples { get; private set; } = 2_000;

    public IReadOnlyList<int> Consumers { get; private set; } = [1, 8];

    public IReadOnlySet<string>? Only { get; private set; }

    public string? BatonCli { get; private set; }

    public bool SkipCli { get; private set; }

    public int Runs { get; private set; } = 30;

    public string? Temp { get; private set; }

    public string? Out { get; private set; }

    public bool Includes(string row) => Only is null || Only.Contains(row);

    /// <summary>Parses the arguments; on a mistake returns null and says why in <paramref name="error"/>.</summary>
    public static CompareOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new CompareOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--no-cli")
            {
                options.SkipCli = true;
                continue;
            }
            if (name is "-h" or "--help")
            {
                error = "";
                return null;
            }
            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value";
                return null;
            }
            var value = args[++i];
            switch (name)
            {
                case "--tasks" when TryPositive(value, out var tasks):
                    options.Tasks = tasks;
                    break;
                case "--samples" when TryPositive(value, out var samples):
                    options.Samples = samples;
                    break;
                case "--runs" when TryPositive(value, out var runs):
                    options.Runs = runs;
                    break;
                case "--consumers":
                    var counts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var parsed = counts.Select(c => TryPositive(c, out var n) ? n : 0).ToArray();
                    if (parsed.Length == 0 || parsed.Any(n => n is < 1 or > 256))
                    {
                        error = "--consumers takes a comma-separated list of counts from 1 to 256";
                        return null;
                    }
                    options.Consumers = parsed;
                    break;
                case "--only":
                    var rows = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                    var unknown = rows.Where(r => !KnownRows.Contains(r)).ToList();
                    if (unknown.Count > 0)
                    {
                        error = $"--only: unknown row(s) {string.Join(", ", unknown)}; known: {string.Join(", ", KnownRows)}";
                        return null;
                    }
                    options.Only = rows;
                    break;
                case "--cli" when value.StartsWith("baton=", StringComparison.Ordinal) && value.Length > "baton=".Length:
                    options.BatonCli = Path.GetFullPath(value["baton=".Length..]);
                    break;
                case "--temp":
                    options.Temp = Path.GetFullPath(value);
                    break;
                case "--out":
                    options.Out = Path.GetFullPath(value);
                    break;
                default:
                    error = $"unknown option or bad value: {name} {value}";
                    return null;
            }
        }
        return options;
    }

    private static bool TryPositive(string text, out int value)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
