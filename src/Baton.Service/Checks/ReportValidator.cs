using System.Globalization;
using Baton.Core.Api;
using Baton.Core.Checks;
using Baton.Core.Globs;
using Baton.Core.Tasks;

namespace Baton.Service.Checks;

/// <summary>
/// Checks a report itself, before the task's checks run: it has a summary, a valid context score, and its files
/// are inside the repository and exist (a deleted file is listed with a leading '-', e.g. <c>-docs/old.md</c>, and must
/// not exist). Given the changes since the claim, a file listed as changed must really have changed.
/// </summary>
public static class ReportValidator
{
    /// <summary>Every problem of <paramref name="report"/> as "field: what is wrong"; empty when it is valid.</summary>
    /// <param name="report">The worker's report.</param>
    /// <param name="task">The task it reports on.</param>
    /// <param name="repositoryRoot">The working tree the worker left.</param>
    /// <param name="changesSinceClaim">What changed since the claim (<see cref="WorkspaceSnapshot.ChangedSinceAsync"/>),
    /// when a snapshot was taken then; files the snapshot did not cover are judged by existence only.</param>
    public static IReadOnlyList<string> Validate(ReportRequest report, TaskItem task, string repositoryRoot, WorkspaceChanges? changesSinceClaim = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        var problems = new List<string>();
        if (report.TaskId != task.Id)
        {
            problems.Add($"task_id: the report is for {report.TaskId.Value}, not {task.Id.Value}");
        }
        if (report.Outcome == ReportOutcome.Done && string.IsNullOrWhiteSpace(report.Summary))
        {
            problems.Add("summary: a done report needs a summary of what was done");
        }
        else if (string.IsNullOrWhiteSpace(report.Summary) && string.IsNullOrWhiteSpace(report.Notes))
        {
            problems.Add($"summary: a {report.Outcome.ToWire()} report needs a summary or notes saying why");
        }
        if (report.ContextScore is < 1 or > 5)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"context_score: must be 1-5, got {report.ContextScore}"));
        }
        var realRoot = RepositoryFiles.RealRoot(repositoryRoot);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in report.Files)
        {
            if (seen.Add(entry) && FileProblem(entry, realRoot, changesSinceClaim) is { } problem)
            {
                problems.Add("files: " + problem);
            }
        }
        return problems;
    }

    private static string? FileProblem(string entry, string realRoot, WorkspaceChanges? changes)
    {
        var file = ReportedFile.Parse(entry);
        if (!RepoPaths.TryNormalize(file.Path, realRoot, out var path, out var problem))
        {
            return problem;
        }
        if (path.Split('/').Any(RepoPaths.HasWildcard))
        {
            return $"'{file.Path}' is a glob; list each changed file";
        }
        if (!RepositoryFiles.TryResolve(realRoot, path, out var full, out problem))
        {
            return problem;
        }
        var exists = File.Exists(full);
        if (Directory.Exists(full))
        {
            return $"{path} is a directory; list the files in it";
        }
        if (file.Deleted)
        {
            return exists ? $"{path} is listed as deleted ('-{path}') but exists"
                : changes is not null && changes.Covers(path) && !changes.IsDeleted(path) ? $"{path} is listed as deleted but did not exist at the claim"
                : null;
        }
        if (!exists)
        {
            return $"{path} does not exist (list a deleted file as '-{path}')";
        }
        return changes is not null && changes.Covers(path) && !changes.IsAddedOrModified(path)
            ? $"{path} is listed as changed but is unchanged since the claim"
            : null;
    }
}
