using Baton.Core.Errors;

namespace Baton.Service.Checks;

/// <summary>
/// Decides whether a path a report names as its worktree really is a git worktree of the repository, so checks run
/// and files are judged where the work is (<c>baton run</c> gives each worker one) and never in an arbitrary
/// directory a caller names. Accepted: a directory under the repository's <c>.baton/worktrees/</c>, or one that git
/// lists as a worktree (<c>.git/worktrees/NAME/gitdir</c>, what <c>git worktree list</c> reads), holding a
/// <c>.git</c> file, after every symbolic link is resolved.
/// </summary>
public static class RepositoryWorktrees
{
    /// <summary>The worktree's real path, or why it is refused (bad_request).</summary>
    public static Result<string> Resolve(string repositoryRoot, string worktree)
    {
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        ArgumentNullException.ThrowIfNull(worktree);
        if (!Path.IsPathFullyQualified(worktree))
        {
            return Result<string>.Fail(ErrorCode.BadRequest, $"worktree: \"{worktree}\" is not an absolute path");
        }
        if (!Directory.Exists(worktree))
        {
            return Result<string>.Fail(ErrorCode.BadRequest, $"worktree: {worktree} does not exist");
        }
        var root = RepositoryFiles.RealRoot(repositoryRoot);
        var real = Path.TrimEndingDirectorySeparator(RepositoryFiles.RealPath(Path.GetFullPath(worktree)));
        if (real == root)
        {
            return real; // the main checkout: the default anyway
        }
        // A worktree's .git is a file pointing back to the repository; a directory there is a repository of its own.
        var known = File.Exists(Path.Combine(real, ".git"))
            && (Inside(real, Path.Combine(root, ".baton", "worktrees")) || ListedByGit(root).Contains(real));
        return known
            ? real
            : Result<string>.Fail(ErrorCode.BadRequest,
                $"worktree: {worktree} is not a git worktree of the repository at {root} (see git worktree list); checks run only in the repository or its worktrees");
    }

    private static bool Inside(string path, string folder)
    {
        var prefix = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length;
    }

    private static HashSet<string> ListedByGit(string root)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var admin = Path.Combine(root, ".git", "worktrees");
        if (!Directory.Exists(admin))
        {
            return listed;
        }
        foreach (var entry in Directory.EnumerateDirectories(admin))
        {
            var gitdir = Path.Combine(entry, "gitdir");
            if (!File.Exists(gitdir))
            {
                continue;
            }
            // gitdir holds the path of the worktree's .git file.
            var dotGit = File.ReadAllText(gitdir).Trim();
            if (Path.IsPathFullyQualified(dotGit) && Path.GetDirectoryName(dotGit) is { } directory && Directory.Exists(directory))
            {
                listed.Add(Path.TrimEndingDirectorySeparator(RepositoryFiles.RealPath(Path.GetFullPath(directory))));
            }
        }
        return listed;
    }
}
