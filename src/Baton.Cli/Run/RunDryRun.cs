using Baton.Cli.Infrastructure;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Plans;
using Baton.Core.Tasks;
using Baton.Hub.Stores;
using Baton.Storage.Sqlite;

namespace Baton.Cli.Run;

/// <summary><c>baton run --dry-run</c>: what would happen, with nothing created, started or changed.</summary>
internal static class RunDryRun
{
    public static async Task<int> PrintAsync(RunOptions options, GitRepository repository, StoreTarget store, CancellationToken cancellationToken)
    {
        var tasks = await TasksAsync(options, repository, store, cancellationToken);
        if (!tasks.IsOk)
        {
            return Output.Fail(tasks.Error, options.Json);
        }
        string Rel(string path) => Path.GetRelativePath(repository.Root, path).Replace('\\', '/');
        Output.Line("baton run --dry-run: nothing is created, started or changed");
        Output.Line($"repository: {repository.Root} (done tasks merge into {repository.MainBranch}{(options.NoMerge ? "; --no-merge: kept on baton/task/ID instead" : "")})");
        Output.Line(store.FilePath is { } storePath ? $"store: {Rel(storePath)}{(File.Exists(storePath) ? "" : " (created)")}" : $"store: {store.Display}");
        Output.Line(options.Server is { } server ? $"hub: {server}"
            : store.FilePath is { } file && HubLockFile.TryReadRunning(file) is { Url: not null } running ? $"hub: the one that serves this store {running.Describe()}"
            : "hub: started in this process on 127.0.0.1 (a free port)");
        Output.Line($"tasks ({tasks.Value.Count}):");
        foreach (var line in tasks.Value)
        {
            Output.Line($"  {line}");
        }
        Output.Line("worktrees:");
        for (var k = 1; k <= options.Workers; k++)
        {
            Output.Line($"  worker-{k}: .baton/worktrees/worker-{k} on branch baton/worker-{k} (from {repository.MainBranch})");
        }
        Output.Line($"per task: /bin/sh -c '{options.Agent}' in the worker's worktree, killed after {Core.Time.Durations.Format(options.Timeout)}");
        Output.Line("  env: BATON_SERVER BATON_WORKER BATON_TASK_ID BATON_TASK_FILE=.baton/tasks/ID.json BATON_TASK_PROMPT_FILE=.baton/tasks/ID.md BATON_REPOSITORY BATON_WORKTREE");
        Output.Line("  output: .baton/logs/ID-ATTEMPT.log");
        Output.Line("  then, unless the agent reported: exit 0 -> commit, run the acceptance checks, merge, report done; a merge conflict -> blocked;");
        Output.Line("  non-zero exit or time limit -> failed (retried up to max_attempts)");
        return 0;
    }

    private static async Task<Result<IReadOnlyList<string>>> TasksAsync(RunOptions options, GitRepository repository, StoreTarget store, CancellationToken cancellationToken)
    {
        if (options.Plan is { } plan)
        {
            var text = await TextFile.ReadAsync("plan", plan, cancellationToken);
            if (!text.IsOk)
            {
                return Result<IReadOnlyList<string>>.Fail(text.Error);
            }
            var parsed = PlanParser.Parse(text.Value, new PlanParseOptions { RepositoryRoot = repository.Root }, cancellationToken);
            return parsed.IsOk
                ? Result<IReadOnlyList<string>>.Ok([.. parsed.Value.Tasks.Select(t => Line(t.Id, t.Title, t.Files, t.DependsOn, "from " + plan))])
                : Result<IReadOnlyList<string>>.Fail(parsed.Error);
        }
        if (options.Server is null && store.FilePath is { } storePath && !File.Exists(storePath))
        {
            return Result<IReadOnlyList<string>>.Ok(["(none: no store yet and no --plan)"]);
        }
        var session = options.Server is { } server
            ? await Connector.OpenHubAsync(server, "observer", null, null, cancellationToken)
            : await Connector.OpenLocalAsync(store, waits: false, cancellationToken);
        if (!session.IsOk)
        {
            return Result<IReadOnlyList<string>>.Fail(session.Error);
        }
        await using var open = session.Value;
        var listed = await open.Api.ListTasksAsync(TaskQuery.All, cancellationToken);
        return listed.IsOk
            ? Result<IReadOnlyList<string>>.Ok([.. listed.Value
                .Where(t => t.State is TaskState.Ready or TaskState.Pending or TaskState.Leased)
                .Select(t => Line(t.Id, t.Title, t.Files, t.DependsOn, t.State.ToWire()))])
            : Result<IReadOnlyList<string>>.Fail(listed.Error);
    }

    private static string Line(TaskId id, string title, IReadOnlyList<string> files, IReadOnlyList<TaskId> dependsOn, string where)
        => $"{id} [{where}] {title}" + (files.Count > 0 ? $"; files {string.Join(", ", files)}" : "")
            + (dependsOn.Count > 0 ? $"; after {string.Join(", ", dependsOn)}" : "");
}
