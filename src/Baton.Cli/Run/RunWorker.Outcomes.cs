using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Service.Checks;

namespace Baton.Cli.Run;

internal sealed partial class RunWorker
{
    /// <summary>Exit 0 and no report from the agent: commit, check, merge, then report done (or why not).</summary>
    private async Task FinishDoneAsync(Assignment assignment, string baseCommit, AgentRunResult result, CancellationToken cancellationToken)
    {
        var task = assignment.Task;
        var committed = await Repository.CommitAllAsync(worktree, $"{task.Id}: {task.Title}", cancellationToken);
        Mark(task.Id.Value, "commit");
        _committedAll = committed.IsOk;
        if (!committed.IsOk)
        {
            await ReportAsync(assignment, ReportOutcome.Failed, committed.Error.Message, Tail(result), [], cancellationToken);
            return;
        }
        var files = await GitRepository.ChangedFilesAsync(worktree, baseCommit, cancellationToken);
        Mark(task.Id.Value, "changed-files");
        var checks = await new CheckRunner(TimeProvider.System).RunAsync(task, files, worktree, cancellationToken);
        Mark(task.Id.Value, "checks");
        if (!checks.Passed)
        {
            var failed = checks.Failures.ToList();
            await ReportAsync(assignment, ReportOutcome.Failed,
                $"the agent exited 0 but {failed.Count} of {checks.Results.Count} acceptance checks failed: {string.Join("; ", failed.Select(f => f.Message))}",
                Bounded(checks.Feedback() + "\n" + Tail(result)), files, cancellationToken);
            return;
        }
        var summary = $"the agent exited 0 in {Seconds(result.Duration)}: {LastLines(result)}";
        var merged = await IntegrateAsync(assignment, cancellationToken);
        Mark(task.Id.Value, "merge");
        if (merged is { } problem)
        {
            await ReportAsync(assignment, ReportOutcome.Blocked, problem.Summary, problem.Notes, files, cancellationToken, quiet: true);
            View.Line($"{task.Id} blocked: {problem.Summary} ({tally.Worker})");
            tally.Blocked++;
            return;
        }
        await ReportAsync(assignment, ReportOutcome.Done, summary, null, files, cancellationToken, quiet: true);
        Mark(task.Id.Value, "report");
        View.Line($"{task.Id} done in {Seconds(result.Duration)} ({tally.Worker}, {files.Count} file(s)){_integrated}");
        tally.Done++;
    }

    /// <summary>Merges (or keeps, under --no-merge) the worktree's HEAD. Null when that went well; otherwise why not.</summary>
    private async Task<(string Summary, string Notes)?> IntegrateAsync(Assignment assignment, CancellationToken cancellationToken)
    {
        var task = assignment.Task;
        if (context.Options.NoMerge)
        {
            var kept = $"baton/task/{task.Id}";
            await Repository.KeepAsync(kept, Branch, cancellationToken);
            _integrated = $", kept on branch {kept}";
            return null;
        }
        var merge = await Repository.MergeAsync(Branch, $"baton: merge {task.Id} ({task.Title}) from {tally.Worker}", cancellationToken);
        if (merge.Merged)
        {
            _integrated = $", {merge.Kind} into {Repository.MainBranch}";
            return null;
        }
        // The work must outlive the worktree's reset for the next task: keep it on a branch of its own.
        var keep = $"baton/conflict/{task.Id}-{assignment.Attempt}";
        await Repository.KeepAsync(keep, Branch, cancellationToken);
        return merge.Kind == "conflict"
            ? ($"merge conflict: paths {string.Join(", ", merge.Paths)}",
               $"merging {task.Id} into {Repository.MainBranch} conflicts with work merged since it started; its work is on branch {keep}. Resolve by merging {keep} by hand, or re-plan the task.")
            : ($"merge failed: {merge.Problem}", $"its work is on branch {keep}");
    }

    /// <summary>The agent reported (or the lease was lost) before it exited: accept what happened.</summary>
    private async Task AfterAgentReportedAsync(Assignment assignment, Result<TaskDetail> detail, string baseCommit, AgentRunResult result, CancellationToken cancellationToken)
    {
        var task = assignment.Task;
        var report = detail.IsOk
            ? detail.Value.Reports.LastOrDefault(r => r.Worker == Worker && r.Attempt == assignment.Attempt && !r.Late)
            : null;
        if (report is null)
        {
            var state = detail.IsOk ? detail.Value.Task.State.ToWire() : detail.Error.Message;
            View.Line($"{task.Id}: {tally.Worker} lost the lease while the agent ran (task is now {state}); its work is dropped");
            tally.Failed++;
            return;
        }
        var outcome = report.Outcome.ToWire();
        if (report.Outcome != ReportOutcome.Done)
        {
            View.Line($"{task.Id} {outcome} (reported by the agent, {tally.Worker}): {report.Summary}");
            if (report.Outcome == ReportOutcome.Blocked)
            {
                tally.Blocked++;
            }
            else
            {
                tally.Failed++;
            }
            return;
        }
        _committedAll = (await Repository.CommitAllAsync(worktree, $"{task.Id}: {task.Title}", cancellationToken)).IsOk;
        var files = await GitRepository.ChangedFilesAsync(worktree, baseCommit, cancellationToken);
        var merged = await IntegrateAsync(assignment, cancellationToken);
        if (merged is { } problem)
        {
            // The task is already done in the store; all that is left is to say where its work is.
            View.Line($"{task.Id} done (reported by the agent, {tally.Worker}) but not merged: {problem.Summary}; {problem.Notes}");
            tally.Blocked++;
            return;
        }
        View.Line($"{task.Id} done in {Seconds(result.Duration)} (reported by the agent, {tally.Worker}, {files.Count} file(s)){_integrated}");
        tally.Done++;
    }

    /// <summary>
    /// The agent has exited, so no task may stay leased to this worker except the one baton run gave it (which the
    /// caller reports next). Another one got there from inside the agent: its own <c>baton claim</c>, or a stop hook
    /// that does not know baton run manages the agent. Nobody would work on it until the lease ran out: give it back.
    /// Returns whether the task baton run gave the agent is still leased to this worker under its lease (false too
    /// when the leased tasks could not be listed: the caller then looks at the task itself).
    /// </summary>
    private async Task<bool> ReleaseStrayLeasesAsync(Assignment assignment, CancellationToken cancellationToken)
    {
        var leased = await api.ListTasksAsync(new TaskQuery { State = TaskState.Leased }, cancellationToken);
        if (!leased.IsOk)
        {
            return false;
        }
        var stillOurs = false;
        foreach (var held in leased.Value.Where(t => t.CurrentLease?.Worker == Worker))
        {
            if (held.Id == assignment.Task.Id)
            {
                stillOurs = held.CurrentLease?.Id == assignment.Lease.Id;
                continue;
            }
            var released = await api.ReleaseAsync(new ReleaseRequest
            {
                TaskId = held.Id,
                Worker = Worker,
                Reason = $"the agent that claimed it (running {assignment.Task.Id} under baton run) exited without working on it",
            }, cancellationToken);
            View.Line(released.IsOk
                ? $"{held.Id}: the agent for {assignment.Task.Id} claimed it and exited; released it ({tally.Worker})"
                : $"{held.Id}: could not release it after the agent exited: {released.Error.Message}");
        }
        return stillOurs;
    }

    private async Task ReportAsync(Assignment assignment, ReportOutcome outcome, string summary, string? notes, IReadOnlyList<string> files,
        CancellationToken cancellationToken, bool quiet = false)
    {
        var task = assignment.Task;
        var reported = await api.ReportAsync(new ReportRequest
        {
            TaskId = task.Id,
            Worker = Worker,
            Outcome = outcome,
            Summary = summary.Length > 2000 ? summary[..2000] + "..." : summary,
            Files = files,
            Notes = notes,
            LeaseId = assignment.Lease.Id,
            IdempotencyKey = $"run/{task.Id}/{assignment.Lease.Id}",
            // The next task in the same round trip and commit; none ready: the worker looks again (NextAssignmentAsync).
            Next = new ClaimRequest { Worker = Worker },
        }, cancellationToken);
        if (!reported.IsOk)
        {
            View.Line($"{task.Id}: the report was refused: {reported.Error.Message}");
            return;
        }
        _next = reported.Value.Next;
        if (quiet)
        {
            return;
        }
        var state = reported.Value.Task.State.ToWire();
        View.Line($"{task.Id} {outcome.ToWire()} ({tally.Worker}): {summary}{(state is "ready" ? " - it will be retried" : $" - task is now {state}")}");
        if (outcome == ReportOutcome.Failed)
        {
            tally.Failed++;
        }
    }
}
