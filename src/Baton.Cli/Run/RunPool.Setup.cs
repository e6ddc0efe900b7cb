using System.Diagnostics;
using Baton.Cli.Infrastructure;
using Baton.Cli.Init;
using Baton.Core.Errors;
using Baton.Core.Plans;

namespace Baton.Cli.Run;

// What a run prepares before its workers start: the plan read, .baton/, the worktrees.
internal sealed partial class RunPool
{
    private IEnumerable<string> WorkerNames => Enumerable.Range(1, options.Workers).Select(k => $"worker-{k}");

    private static string WorktreePath(string batonDir, string worker) => Path.Combine(batonDir, "worktrees", worker);

    /// <summary>The plan's text, when there is one, read and parsed before anything is created: a plan that does not
    /// parse is refused with nothing changed (the hub parses it again when it imports it).</summary>
    private async Task<Result<string?>> ReadPlanAsync(GitRepository repository, CancellationToken cancellationToken)
    {
        if (options.Plan is not { } plan)
        {
            return Result<string?>.Ok(null);
        }
        var text = await TextFile.ReadAsync("plan", plan, cancellationToken);
        if (!text.IsOk)
        {
            return Result<string?>.Fail(text.Error);
        }
        var parsed = PlanParser.Parse(text.Value, new PlanParseOptions { RepositoryRoot = repository.Root }, cancellationToken);
        return parsed.IsOk ? text.Value : Result<string?>.Fail(parsed.Error);
    }

    /// <summary>One worktree per worker; null when all were added, else why not.</summary>
    private async Task<BatonError?> AddWorktreesAsync(GitRepository repository, string batonDir, CancellationToken cancellationToken)
    {
        var mark = Stopwatch.GetTimestamp();
        var worktrees = WorkerNames.Select(name => (Path: WorktreePath(batonDir, name), Branch: $"baton/{name}")).ToList();
        if (await repository.PrepareWorktreesAsync(worktrees, cancellationToken) is { } notReady)
        {
            return notReady;
        }
        foreach (var (path, branch) in worktrees)
        {
            var failed = await repository.AddWorktreeAsync(path, branch, cancellationToken);
            mark = RunTrace.Phase("run", Path.GetFileName(path), "worktree", mark);
            if (failed is not null)
            {
                return failed;
            }
        }
        return null;
    }

    /// <summary><c>.baton/</c> with its .gitignore (so worktrees, logs and the store stay out of git) and a
    /// <c>bin/baton</c> that runs this same Baton, put first on the agents' PATH.</summary>
    private static async Task PrepareBatonDirectoryAsync(string batonDir, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(batonDir);
        var ignore = Path.Combine(batonDir, ".gitignore");
        if (!File.Exists(ignore))
        {
            await File.WriteAllTextAsync(ignore, InitWriter.GitIgnore, cancellationToken);
        }
        var bin = Path.Combine(batonDir, "bin");
        Directory.CreateDirectory(bin);
        var processPath = Environment.ProcessPath ?? "baton";
        var self = Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? $"\"{processPath}\" \"{Path.Combine(AppContext.BaseDirectory, "baton.dll")}\""
            : $"\"{processPath}\"";
        var script = Path.Combine(bin, "baton");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\n# written by baton run: this run's baton, for the agents it starts\nexec {self} \"$@\"\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }
}
