using Baton.Core.Errors;

namespace Baton.Cli.Run;

/// <summary>
/// The repository <c>baton run</c> works on: its root, the branch checked out there (the "main" branch that
/// done tasks merge into), and the worktrees of the workers. Everything that touches the main working tree or
/// the main branch goes through one gate, so two workers never merge at once.
/// </summary>
internal sealed class GitRepository : IDisposable
{
    // After each commit and merge git starts `git maintenance run --auto`, a process of its own that mostly finds
    // nothing to do: a third of the git processes a task costs, one inside the main gate. Baton's commits leave
    // maintenance to the engineer's own git commands.
    private static readonly string[] NoAutoMaintenance = ["-c", "maintenance.auto=false"];

    private readonly SemaphoreSlim _mainGate = new(1, 1);
    private readonly string[] _identity;

    private GitRepository(string root, string mainBranch, string[] identity)
    {
        Root = root;
        MainBranch = mainBranch;
        _identity = identity;
    }

    public string Root { get; }

    public string MainBranch { get; }

    public static async Task<Result<GitRepository>> OpenAsync(string startDirectory, CancellationToken cancellationToken)
    {
        GitResult top;
        try
        {
            top = await Git.RunAsync(startDirectory, cancellationToken, "rev-parse", "--show-toplevel");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return Result<GitRepository>.Fail(ErrorCode.BadRequest, $"baton run needs git on PATH: {ex.Message}");
        }
        if (!top.Ok)
        {
            return Result<GitRepository>.Fail(ErrorCode.BadRequest,
                $"baton run needs a git repository (each worker gets a git worktree), and {startDirectory} is not in one: {top.Problem}; run 'git init' and commit first");
        }
        var root = top.Lines[0];
        var head = await Git.RunAsync(root, cancellationToken, "rev-parse", "--verify", "--quiet", "HEAD");
        if (!head.Ok)
        {
            return Result<GitRepository>.Fail(ErrorCode.BadRequest, $"the repository at {root} has no commit yet; commit something first (worktrees start from HEAD)");
        }
        var branch = await Git.RunAsync(root, cancellationToken, "symbolic-ref", "--quiet", "--short", "HEAD");
        if (!branch.Ok)
        {
            return Result<GitRepository>.Fail(ErrorCode.BadRequest, $"HEAD is detached in {root}; check out the branch done tasks should merge into");
        }
        // Commits need an author; when none is configured, Baton signs as itself rather than failing mid-run.
        var email = await Git.RunAsync(root, cancellationToken, "config", "user.email");
        string[] identity = email.Ok && email.Stdout.Trim().Length > 0 ? [] : ["-c", "user.name=baton", "-c", "user.email=baton@localhost"];
        return new GitRepository(root, branch.Lines[0], identity);
    }

    /// <summary>Tracked files with uncommitted changes in the main working tree (merges would trip on them).</summary>
    public async Task<IReadOnlyList<string>> DirtyTrackedFilesAsync(CancellationToken cancellationToken)
        => (await Git.RunAsync(Root, cancellationToken, "status", "--porcelain", "--untracked-files=no")).Lines;

    /// <summary>
    /// Readies fresh worktrees at <paramref name="worktrees"/>' paths: removes those an earlier run left and sets every
    /// branch to the main head, in one <c>git update-ref</c> (which spares each <see cref="AddWorktreeAsync"/> a
    /// <c>git branch</c> of its own).
    /// </summary>
    public async Task<BatonError?> PrepareWorktreesAsync(IReadOnlyList<(string Path, string Branch)> worktrees, CancellationToken cancellationToken)
    {
        foreach (var (path, _) in worktrees.Where(w => Directory.Exists(w.Path)))
        {
            // Left by an earlier run: start clean, so no stale change leaks into this run's tasks.
            await Git.RunAsync(Root, cancellationToken, "worktree", "remove", "--force", path);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        // Forget worktrees whose folders are gone, so their branches can be checked out again.
        await Git.RunAsync(Root, cancellationToken, "worktree", "prune");
        var main = await Git.RunAsync(Root, cancellationToken, "rev-parse", "--verify", "--quiet", MainBranch + "^{commit}");
        if (!main.Ok)
        {
            return BatonError.Of(ErrorCode.InternalError, $"cannot read {MainBranch}: {main.Problem}");
        }
        var updates = string.Concat(worktrees.Select(w => $"update refs/heads/{w.Branch} {main.Lines[0]}\n"));
        var branches = await Git.RunAsync(Root, ["update-ref", "--stdin"], updates, cancellationToken);
        return branches.Ok ? null : BatonError.Of(ErrorCode.InternalError, $"git update-ref for the workers' branches failed: {branches.Problem}");
    }

    /// <summary>A worktree at <paramref name="path"/> on <paramref name="branch"/> (set by <see cref="PrepareWorktreesAsync"/>),
    /// with no files checked out yet: the first <see cref="ResetToMainAsync"/> checks them out. Git must add worktrees one
    /// at a time (concurrent <c>git worktree add</c>s read each other's half-written entries and fail); the resets run in
    /// parallel, so the checkout, the part that grows with the repository, is left to them.</summary>
    public async Task<BatonError?> AddWorktreeAsync(string path, string branch, CancellationToken cancellationToken)
    {
        var add = await Git.RunAsync(Root, cancellationToken, "worktree", "add", "--quiet", "--no-checkout", path, branch);
        return add.Ok ? null : BatonError.Of(ErrorCode.InternalError, $"git worktree add {path} failed: {add.Problem}");
    }

    /// <summary>Moves the worktree to the current main head, dropping everything else; returns that head.
    /// <paramref name="clean"/>: also delete untracked files (not needed when the last task committed everything).</summary>
    /// <remarks>Not under the main gate: git moves a ref by renaming a lock file over it, so a read sees the head
    /// before a merge or after it, never half of one, and a worktree that starts before the merge lands is as good as
    /// one that started a moment earlier (a task that needs that work depends on its task, and is not ready until
    /// it is reported done, which is after its merge).</remarks>
    public async Task<Result<string>> ResetToMainAsync(string worktree, bool clean, CancellationToken cancellationToken)
    {
        var rev = await Git.RunAsync(Root, cancellationToken, "rev-parse", "--verify", "--quiet", MainBranch + "^{commit}");
        if (!rev.Ok)
        {
            return Result<string>.Fail(ErrorCode.InternalError, $"cannot read {MainBranch}: {rev.Problem}");
        }
        var head = rev.Lines[0];
        var reset = await Git.RunAsync(worktree, cancellationToken, "reset", "--quiet", "--hard", head);
        if (!reset.Ok)
        {
            return Result<string>.Fail(ErrorCode.InternalError, $"git reset in {worktree} failed: {reset.Problem}");
        }
        if (clean)
        {
            await Git.RunAsync(worktree, cancellationToken, "clean", "-fdq");
        }
        return head;
    }

    /// <summary>Commits everything in the worktree (untracked files too, ignored ones not); false when there was
    /// nothing to commit. Two git calls when there is something: <c>git status</c> runs only when the commit fails,
    /// to tell "nothing to commit" from a failure.</summary>
    public async Task<Result<bool>> CommitAllAsync(string worktree, string message, CancellationToken cancellationToken)
    {
        var add = await Git.RunAsync(worktree, cancellationToken, "add", "--all");
        if (!add.Ok)
        {
            return Result<bool>.Fail(ErrorCode.InternalError, $"git add in {worktree} failed: {add.Problem}");
        }
        var commit = await Git.RunAsync(worktree, [.. _identity, .. NoAutoMaintenance, "commit", "--quiet", "--no-verify", "-m", message], cancellationToken);
        if (commit.Ok)
        {
            return true;
        }
        var status = await Git.RunAsync(worktree, cancellationToken, "status", "--porcelain");
        return status.Ok && status.Lines.Count == 0
            ? false
            : Result<bool>.Fail(ErrorCode.InternalError, $"git commit in {worktree} failed: {commit.Problem}");
    }

    /// <summary>Files changed from <paramref name="baseCommit"/> to the worktree's HEAD; deleted ones as <c>-path</c>.</summary>
    public static async Task<IReadOnlyList<string>> ChangedFilesAsync(string worktree, string baseCommit, CancellationToken cancellationToken)
    {
        var diff = await Git.RunAsync(worktree, cancellationToken, "diff", "--name-status", "--no-renames", baseCommit, "HEAD");
        return [.. diff.Lines.Select(line => line.Split('\t', 2)).Where(p => p.Length == 2).Select(p => p[0].StartsWith('D') ? "-" + p[1] : p[1])];
    }

    /// <summary>Points <paramref name="branch"/> at <paramref name="commit"/> (a commit or a branch name), so work survives
    /// the worktree's next reset.</summary>
    public async Task<bool> KeepAsync(string branch, string commit, CancellationToken cancellationToken)
        => (await Git.RunAsync(Root, cancellationToken, "branch", "--force", branch, commit)).Ok;

    /// <summary>Merges <paramref name="branch"/> into the main branch in the main working tree: a fast-forward when
    /// possible, else a merge commit. A conflict is aborted, leaving main as it was.</summary>
    /// <remarks>One git call when the merge goes through (the gate is held that long, and every worker that finished
    /// at the same moment queues on it): what happened is read from git's own words, which <see cref="Git"/> asks for
    /// in the C locale.</remarks>
    public async Task<MergeOutcome> MergeAsync(string branch, string message, CancellationToken cancellationToken)
    {
        await _mainGate.WaitAsync(cancellationToken);
        try
        {
            var merge = await Git.RunAsync(Root, [.. _identity, .. NoAutoMaintenance, "merge", "--no-edit", "--no-stat", "-m", message, branch], cancellationToken);
            if (merge.Ok)
            {
                return new MergeOutcome
                {
                    Kind = merge.Stdout.Contains("Already up", StringComparison.Ordinal) ? "nothing to merge"
                        : merge.Stdout.Contains("Fast-forward", StringComparison.Ordinal) ? "fast-forward"
                        : "merge commit",
                };
            }
            var conflicted = (await Git.RunAsync(Root, cancellationToken, "diff", "--name-only", "--diff-filter=U")).Lines;
            await Git.RunAsync(Root, CancellationToken.None, "merge", "--abort");
            return conflicted.Count > 0
                ? new MergeOutcome { Kind = "conflict", Paths = conflicted }
                : new MergeOutcome { Kind = "failed", Problem = merge.Problem };
        }
        finally
        {
            _mainGate.Release();
        }
    }

    public void Dispose() => _mainGate.Dispose();
}
