using Baton.Compare.Servers;

namespace Baton.Compare.Cli;

/// <summary>
/// CLI call latency: each tool initialised in its own scratch repository with a few tasks, then one
/// read command timed with hyperfine. A tool that cannot be installed or initialised gets a row
/// that says why, instead of failing the run.
/// </summary>
internal static class CliComparison
{
    private static readonly TimeSpan SetupLimit = TimeSpan.FromMinutes(3);

    public static async Task<IReadOnlyList<CliRow>> RunAsync(CompareOptions options, CancellationToken cancellationToken)
    {
        var rows = new List<CliRow>();
        using var scratch = ScratchDirectory.Create("cli");
        if (options.Includes("backlog"))
        {
            rows.Add(await TimeBacklogAsync(scratch.Path, options.Runs, cancellationToken));
        }
        if (options.Includes("task-master"))
        {
            rows.Add(await TimeTaskMasterAsync(scratch.Path, options.Runs, cancellationToken));
        }
        if (options.BatonCli is { } baton && options.Includes("baton-cli"))
        {
            rows.AddRange(await TimeBatonAsync(baton, scratch.Path, options.Runs, cancellationToken));
        }
        return rows;
    }

    private static async Task<CliRow> TimeBacklogAsync(string scratch, int runs, CancellationToken cancellationToken)
    {
        var row = new CliRow("backlog (backlog.md)", "backlog task list --plain", IsNpmPeer: true);
        if (CommandRunner.Which("backlog") is null)
        {
            return row with { Unavailable = "backlog not on PATH (npm install -g backlog.md)" };
        }
        var repo = await NewGitRepositoryAsync(scratch, "backlog", cancellationToken);
        if (await StepsAsync(repo, cancellationToken,
            ["backlog", "init", "bench", "--defaults", "--integration-mode", "none", "--auto-open-browser", "false", "--check-branches", "false"],
            ["backlog", "task", "create", "Write the parser", "-d", "Parse the plan file"],
            ["backlog", "task", "create", "Add the claim command", "-d", "Claim the next ready task"],
            ["backlog", "task", "create", "Document the CLI", "-d", "Every command and exit code"]) is { } failure)
        {
            return row with { Unavailable = failure };
        }
        return await Hyperfine.TimeAsync(row, repo, runs, ignoreFailure: false, cancellationToken);
    }

    private static async Task<CliRow> TimeTaskMasterAsync(string scratch, int runs, CancellationToken cancellationToken)
    {
        var row = new CliRow("task-master (task-master-ai)", "task-master list", IsNpmPeer: true);
        if (CommandRunner.Which("task-master") is null)
        {
            return row with { Unavailable = "task-master not on PATH (npm install -g task-master-ai)" };
        }
        var repo = await NewGitRepositoryAsync(scratch, "task-master", cancellationToken);
        if (await StepsAsync(repo, cancellationToken,
            ["task-master", "init", "--yes", "--name", "bench", "--skip-install", "--no-aliases", "--no-git", "--no-git-tasks"]) is { } failure)
        {
            return row with { Unavailable = failure };
        }
        // `init` makes no tasks and adding them needs an AI provider: write the tasks file directly.
        var tasks = Path.Combine(repo, ".taskmaster", "tasks");
        Directory.CreateDirectory(tasks);
        await File.WriteAllTextAsync(Path.Combine(tasks, "tasks.json"), TaskMasterTasks, cancellationToken);
        return await Hyperfine.TimeAsync(row, repo, runs, ignoreFailure: false, cancellationToken);
    }

    private static async Task<IReadOnlyList<CliRow>> TimeBatonAsync(string baton, string scratch, int runs, CancellationToken cancellationToken)
    {
        var status = new CliRow("baton (local)", baton + " status", IsNpmPeer: false);
        var claim = new CliRow("baton (local)", baton + " claim --worker bench --json", IsNpmPeer: false)
        {
            Note = "the first call leases a task; the worker's capacity is 1, so every later call gets that held task back",
        };
        // bench/compare.sh sets this when it could not build the binary, so an older file is not timed.
        var missing = Environment.GetEnvironmentVariable("BATON_CLI_UNAVAILABLE") is { Length: > 0 } reason
            ? reason
            : File.Exists(baton) ? null : "no file at " + baton;
        if (missing is not null)
        {
            return [status with { Unavailable = missing }, claim with { Unavailable = missing }];
        }
        // The same three tasks as the npm peers get.
        var repo = await NewGitRepositoryAsync(scratch, "baton", cancellationToken);
        if (await StepsAsync(repo, cancellationToken,
            [baton, "init"],
            [baton, "task", "add", "--title", "Write the parser", "--description", "Parse the plan file", "--files", "src/parser/**"],
            [baton, "task", "add", "--title", "Add the claim command", "--description", "Claim the next ready task", "--files", "src/claim/**"],
            [baton, "task", "add", "--title", "Document the CLI", "--description", "Every command and exit code", "--files", "docs/**"]) is { } failure)
        {
            return [status with { Unavailable = failure }, claim with { Unavailable = failure }];
        }
        return [await Hyperfine.TimeAsync(status, repo, runs, ignoreFailure: false, cancellationToken),
            await Hyperfine.TimeAsync(claim, repo, runs, ignoreFailure: false, cancellationToken)];
    }

    private static async Task<string> NewGitRepositoryAsync(string scratch, string name, CancellationToken cancellationToken)
    {
        var repo = Path.Combine(scratch, name);
        Directory.CreateDirectory(repo);
        await StepsAsync(repo, cancellationToken,
            ["git", "init", "-q"], ["git", "config", "user.email", "bench@example.invalid"], ["git", "config", "user.name", "bench"]);
        return repo;
    }

    // Runs each command in turn; returns a reason at the first that fails, or null.
    private static async Task<string?> StepsAsync(string directory, CancellationToken cancellationToken, params string[][] commands)
    {
        foreach (var command in commands)
        {
            var result = await CommandRunner.RunAsync(command[0], command[1..], directory, SetupLimit, cancellationToken);
            if (!result.Succeeded)
            {
                return $"`{string.Join(' ', command)}` exited {result.ExitCode}: {result.Tail}";
            }
        }
        return null;
    }

    private const string TaskMasterTasks = """
        {"master":{"tasks":[
          {"id":1,"title":"Write the parser","description":"Parse the plan file","details":"","testStrategy":"","status":"pending","dependencies":[],"priority":"high","subtasks":[]},
          {"id":2,"title":"Add the claim command","description":"Claim the next ready task","details":"","testStrategy":"","status":"pending","dependencies":[1],"priority":"medium","subtasks":[]},
          {"id":3,"title":"Document the CLI","description":"Every command and exit code","details":"","testStrategy":"","status":"pending","dependencies":[2],"priority":"low","subtasks":[]}
        ],"metadata":{"created":"2025-01-01T00:00:00.000Z","updated":"2025-01-01T00:00:00.000Z","description":"bench"}}}
        """;
}
