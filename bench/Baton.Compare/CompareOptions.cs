using System.Globalization;

namespace Baton.Compare;

/// <summary>Command-line options of the comparison harness.</summary>
internal sealed class CompareOptions
{
    public const string Usage = """
        usage: Baton.Compare [options]
          --tasks N             preloaded tasks per lifecycle run (default 20000)
          --samples N           handoff samples (default 2000)
          --warmup N            untimed tasks each row runs with its most consumers before its first
                                measured run, so the harness's JIT-compiled clients reach steady state
                                (default 20000; 0 skips it)
          --consumers LIST      lifecycle consumer counts (default 1,8)
          --rounds N            lifecycle rounds (default 1): every row runs once per round, rows taking turns,
                                so a slow spell of the machine falls on all of them; the table shows each
                                row's median and range, and the hub rows' ratios to the peers round by round
          --only LIST           rows to run, e.g. beanstalkd,redis-always,redis-everysec,postgres,baton-local,baton-local-shared,baton-hub,baton-hub-next,baton-hub-ceiling,baton-hub-memlog,baton-serve-next,baton-pg-1hub,baton-pg-2hubs,baton-pg-3hubs,backlog,task-master,baton-cli,resources,scale,failover
                                (the baton-pg rows, failover and postgres, when they run together, share one PostgreSQL server)
          --cli baton=PATH      also time `PATH status` and `PATH claim --worker bench --json` (in a repo made with `PATH init`)
          --no-cli              skip the CLI latency section
          --runs N              hyperfine runs per CLI command (default 30; warmup 3)
          --no-resources        skip the resources workload (hub RSS idle and with idle workers)
          --idle-workers N      idle worker connections for the resources workload (default 10000)
          --hub-baton PATH      the baton whose `serve` the baton-serve-next row and the resources workload run (default: src/Baton.Cli's Release build)
          --no-scale            skip the scale workload (claim latency with 1,000 and with --scale-tasks tasks)
          --scale-tasks N       the big store's ready tasks (default 1000000; at least 1000)
          --scale-samples N     claim + report samples per store (default 1000)
          --grace DURATION      the hubs' disconnect grace in the rows on PostgreSQL and the failover workload, e.g. 5s (default 5s)
          --failovers N         failover rounds (default 5): two hubs on PostgreSQL, the first killed with SIGKILL mid-run
          --failover-workers N  workers on the killed hub per failover round (default 4)
          --temp DIR            where the scratch folders go (default: the system temp folder)
          --out FILE            also write the markdown report to FILE
        """;

    /// <summary>Every row name <c>--only</c> accepts.</summary>
    public static readonly IReadOnlyList<string> KnownRows =
        ["beanstalkd", "redis-always", "redis-everysec", "postgres", "baton-local", "baton-local-shared", "baton-hub", "baton-hub-next", "baton-hub-ceiling", "baton-hub-memlog", "baton-serve-next",
            "baton-pg-1hub", "baton-pg-2hubs", "baton-pg-3hubs", "backlog", "task-master", "baton-cli", "resources", "scale", "failover"];

    /// <summary>The rows of several hubs on PostgreSQL, by hub count.</summary>
    public static readonly IReadOnlyList<(string Name, int Hubs)> PostgresHubRows = [("baton-pg-1hub", 1), ("baton-pg-2hubs", 2), ("baton-pg-3hubs", 3)];

    public int Tasks { get; private set; } = 20_000;

    public int Samples { get; private set; } = 2_000;

    /// <summary>Untimed lifecycle tasks each row runs, with its most consumers, before its first measured run.
    /// .NET recompiles a process's hot methods with profile data over its first seconds of work; the clients
    /// of every row are .NET code in this harness, and without the warm-up the first round measured that.</summary>
    public int Warmup { get; private set; } = 20_000;

    public IReadOnlyList<int> Consumers { get; private set; } = [1, 8];

    /// <summary>How many times each row runs the lifecycle workload, rows taking turns (handoff runs in the first round only).</summary>
    public int Rounds { get; private set; } = 1;

    public IReadOnlySet<string>? Only { get; private set; }

    public string? BatonCli { get; private set; }

    public bool SkipCli { get; private set; }

    public int Runs { get; private set; } = 30;

    public string? Temp { get; private set; }

    public string? Out { get; private set; }

    public bool SkipResources { get; private set; }

    public int IdleWorkers { get; private set; } = 10_000;

    public string? HubBaton { get; private set; }

    public bool SkipScale { get; private set; }

    public int ScaleTasks { get; private set; } = 1_000_000;

    public int ScaleSamples { get; private set; } = 1_000;

    /// <summary>The hubs' disconnect grace in the rows on PostgreSQL and the failover workload.</summary>
    public TimeSpan Grace { get; private set; } = TimeSpan.FromSeconds(5);

    public int Failovers { get; private set; } = 5;

    public int FailoverWorkers { get; private set; } = 4;

    public bool Includes(string row) => Only is null || Only.Contains(row);

    /// <summary>Whether the failover workload runs: only when asked for by name, like the rows on PostgreSQL.</summary>
    public bool RunFailover => Named("failover");

    /// <summary>Whether <paramref name="row"/> was named in <c>--only</c>: the runs of several hubs on PostgreSQL are not
    /// part of the full comparison (bench/scale.sh runs them).</summary>
    public bool Named(string row) => Only?.Contains(row) == true;

    /// <summary>Whether anything runs on the shared PostgreSQL server of the runs on several hubs.</summary>
    public bool RunPostgresHubs => RunFailover || PostgresHubRows.Any(r => Named(r.Name));

    /// <summary>Whether workload 4 (hub RSS with idle workers) runs.</summary>
    public bool RunResources => !SkipResources && Includes("resources");

    /// <summary>Whether workload 5 (claim latency against store size) runs.</summary>
    public bool RunScale => !SkipScale && Includes("scale");

    /// <summary>Parses the arguments; on a mistake returns null and says why in <paramref name="error"/>.</summary>
    public static CompareOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new CompareOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--no-cli" or "--no-resources" or "--no-scale")
            {
                options.SkipCli |= name is "--no-cli";
                options.SkipResources |= name is "--no-resources";
                options.SkipScale |= name is "--no-scale";
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
                case "--warmup" when value == "0" || TryPositive(value, out _):
                    options.Warmup = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--rounds" when TryPositive(value, out var rounds) && rounds <= 20:
                    options.Rounds = rounds;
                    break;
                case "--runs" when TryPositive(value, out var runs):
                    options.Runs = runs;
                    break;
                case "--idle-workers" when TryPositive(value, out var workers):
                    options.IdleWorkers = workers;
                    break;
                case "--hub-baton":
                    options.HubBaton = Path.GetFullPath(value);
                    break;
                case "--scale-tasks" when TryPositive(value, out var scaleTasks) && scaleTasks >= 1000:
                    options.ScaleTasks = scaleTasks;
                    break;
                case "--scale-samples" when TryPositive(value, out var scaleSamples):
                    options.ScaleSamples = scaleSamples;
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
                case "--grace" when TryDuration(value, out var grace):
                    options.Grace = grace;
                    break;
                case "--failovers" when TryPositive(value, out var failovers):
                    options.Failovers = failovers;
                    break;
                case "--failover-workers" when TryPositive(value, out var failoverWorkers) && failoverWorkers <= 64:
                    options.FailoverWorkers = failoverWorkers;
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

    // 5s, 500ms, 1m, or plain seconds; from 0 to an hour.
    private static bool TryDuration(string text, out TimeSpan value)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        var ok = double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount * unit <= 3600;
        value = ok ? TimeSpan.FromSeconds(amount * unit) : default;
        return ok;
    }

    private static bool TryPositive(string text, out int value)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
