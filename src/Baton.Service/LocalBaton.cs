using Baton.Core.Api;
using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Limits;
using Baton.Core.Plans;
using Baton.Core.Stats;
using Baton.Core.Status;
using Baton.Core.Tasks;
using Baton.Service.Checks;
using Baton.Storage;

namespace Baton.Service;

/// <summary>
/// Local mode: the whole API straight on a store, no server. Waiting calls (claim --wait, events
/// follow) sleep on the store's change feed, so they wake when any process commits, and at the next
/// lease expiry, when a task can come back without any commit.
/// </summary>
public sealed class LocalBaton : IBatonApi
{
    // A safety net only: wake-ups come from the change feed; this bounds the damage if a file system
    // drops a notification (network mounts).
    private static readonly TimeSpan SafetyPoll = TimeSpan.FromSeconds(2);

    private readonly IBatonStore _store;
    private readonly TimeProvider _time;
    private readonly LocalBatonOptions _options;
    private readonly CheckRunner _checks;

    /// <summary>Creates local mode over a store.</summary>
    public LocalBaton(IBatonStore store, TimeProvider time, LocalBatonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
        _options = options ?? new LocalBatonOptions();
        _options.Limits.Validate();
        _checks = new CheckRunner(time, _options.AllowCommandChecks);
    }

    /// <summary>The store underneath.</summary>
    public IBatonStore Store => _store;

    /// <inheritdoc/>
    public async Task<Result<ImportResult>> ImportAsync(string planJson, CancellationToken cancellationToken)
    {
        var parseOptions = new PlanParseOptions { RepositoryRoot = _store.RepositoryRoot, MaxTasks = _options.MaxPlanTasks, MaxBytes = _options.MaxPlanBytes };
        var parsed = PlanParser.Parse(planJson, parseOptions, cancellationToken);
        if (!parsed.IsOk)
        {
            return Result<ImportResult>.Fail(parsed.Error);
        }
        if (!_options.AllowCommandChecks && CommandCheckRefusal(parsed.Value.Tasks) is { } refusal)
        {
            return Result<ImportResult>.Fail(refusal);
        }
        return await _store.ImportAsync(parsed.Value.Tasks, parsed.Value.Name, parsed.Value.Warnings, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    private static BatonError? CommandCheckRefusal(IReadOnlyList<TaskSpec> tasks)
    {
        var ids = tasks.Where(t => t.Acceptance.Any(a => a.CheckKind == CheckKind.Command.ToWire())).Select(t => t.Id.Value).ToList();
        if (ids.Count == 0)
        {
            return null;
        }
        var shown = string.Join(", ", ids.Take(20)) + (ids.Count > 20 ? $", … and {ids.Count - 20} more" : "");
        return BatonError.Of(ErrorCode.Forbidden,
            $"plan refused: command checks are turned off (the hub was started with --no-command-checks), and {ids.Count} task(s) have one: {shown}; nothing was imported");
    }

    /// <summary>Leaves a claim with the store, leased inside the transaction that makes a task ready for it
    /// (see <see cref="StandingClaim"/>); null when the store cannot.</summary>
    public StandingClaim? OfferClaim(ClaimRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _store.OfferClaim(request with { RequestedAt = request.RequestedAt ?? _time.GetUtcNow() }, _options.DefaultLease, _time);
    }

    /// <inheritdoc/>
    public async Task<Result<Assignment>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RequestFields.Claim(request, _options.Limits) is { } refused)
        {
            return Result<Assignment>.Fail(refused);
        }
        var started = _time.GetUtcNow();
        var deadline = started + (request.Wait ?? TimeSpan.Zero);
        while (true)
        {
            // Read the change signal before looking, so a commit between the look and the wait still wakes us. A claim
            // that will not wait leaves it alone: asking for it has the store look for other processes' commits.
            var changed = deadline > started ? _store.Changes.Next : null;
            var result = await _store.ClaimAsync(request.RequestedAt is null ? request with { RequestedAt = started } : request, _options.DefaultLease, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (result.IsOk || result.Error.Code != ErrorCode.NoTask || changed is null)
            {
                return result;
            }
            if (!await WaitForChangeAsync(changed, deadline, cancellationToken).ConfigureAwait(false))
            {
                return result;
            }
        }
    }

    // False when the deadline has passed. Otherwise waits for a change, the next lease expiry, or the deadline.
    private async Task<bool> WaitForChangeAsync(Task changed, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var remaining = deadline - now;
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }
        var delay = remaining < SafetyPoll ? remaining : SafetyPoll;
        if (await _store.NextLeaseExpiryAsync(cancellationToken).ConfigureAwait(false) is { } expiry)
        {
            var untilExpiry = expiry - now + TimeSpan.FromMilliseconds(1);
            if (untilExpiry < delay)
            {
                delay = untilExpiry < TimeSpan.Zero ? TimeSpan.Zero : untilExpiry;
            }
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, _time, timeout.Token);
        await Task.WhenAny(changed, timer).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return true;
    }

    /// <inheritdoc/>
    public Task<Result<HeartbeatResult>> HeartbeatAsync(HeartbeatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RequestFields.Heartbeat(request, _options.Limits) is { } refused
            ? Task.FromResult(Result<HeartbeatResult>.Fail(refused))
            : _store.HeartbeatAsync(request, _time.GetUtcNow(), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<Result<ReportResult>> ReportAsync(ReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RequestFields.Report(request, _options.Limits) is { } refused)
        {
            return Result<ReportResult>.Fail(refused);
        }
        // The work may be in a worktree of the repository (baton run's): its files and checks are judged there.
        var root = _store.RepositoryRoot;
        if (request.Worktree is { } worktree)
        {
            var resolved = RepositoryWorktrees.Resolve(_store.RepositoryRoot, worktree);
            if (!resolved.IsOk)
            {
                return Result<ReportResult>.Fail(resolved.Error);
            }
            root = resolved.Value;
        }
        // Validate only reports the store would apply (the holder's); others get the store's refusal.
        // A report with a summary and no files has nothing the validator could refuse beyond what the
        // store checks, so the hot path skips the extra read.
        var needsValidation = request.Files.Count > 0 || string.IsNullOrWhiteSpace(request.Summary);
        var shown = needsValidation ? await _store.ShowTaskAsync(request.TaskId, cancellationToken).ConfigureAwait(false) : default;
        if (needsValidation && shown.IsOk && shown.Value.Task.CurrentLease?.Worker == request.Worker)
        {
            // Only a done report's files must exist here: a failed or blocked report's files describe work
            // that may never reach this tree (e.g. a worktree whose merge conflicted), and must not stop it.
            var checkedReport = request.Outcome == ReportOutcome.Done ? request : request with { Files = [] };
            var problems = ReportValidator.Validate(checkedReport, shown.Value.Task, root);
            if (problems.Count > 0 && shown.Value.Task.State == TaskState.Leased)
            {
                return Result<ReportResult>.Fail(ErrorCode.BadRequest,
                    $"report refused: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; fix the report and send it again (the lease is still yours)", problems);
            }
        }
        var reported = request.Next is { } next
            ? await _store.ReportAndClaimAsync(request, next with { RequestedAt = next.RequestedAt ?? _time.GetUtcNow() }, _options.DefaultLease, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            : await _store.ReportAsync(request, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!reported.IsOk || reported.Value.Replayed || reported.Value.Task.State != TaskState.Checking)
        {
            return await WaitForNextAsync(request, reported, cancellationToken).ConfigureAwait(false);
        }

        // The done report waits in `checking` while its checks run here (in the hub, or in the reporting
        // CLI process in local mode); the verdict decides done, a new attempt, or an escalation.
        var checks = await _checks.RunAsync(reported.Value.Task, request.Files, root, cancellationToken).ConfigureAwait(false);
        var completed = await _store.CompleteChecksAsync(request.TaskId, reported.Value.Report.Attempt, checks, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!completed.IsOk)
        {
            return Result<ReportResult>.Fail(completed.Error);
        }
        if (completed.Value.State == TaskState.Done)
        {
            await VerifyIfCompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        var task = (await _store.ShowTaskAsync(request.TaskId, cancellationToken).ConfigureAwait(false)).Value.Task;
        return await WaitForNextAsync(request, reported.Value with { Task = task, Checks = checks }, cancellationToken).ConfigureAwait(false);
    }

    // A report that asked for its next task with a wait, and found none ready in its own commit, waits here
    // like a waiting claim (the hub waits in its dispatcher instead and sends no wait down).
    private async Task<Result<ReportResult>> WaitForNextAsync(ReportRequest request, Result<ReportResult> reported, CancellationToken cancellationToken)
    {
        if (!reported.IsOk || request.Next is not { Wait: { } wait } next || wait <= TimeSpan.Zero || reported.Value.Next is not null)
        {
            return reported;
        }
        return reported.Value.WithNext(await ClaimAsync(next with { Worker = request.Worker }, cancellationToken).ConfigureAwait(false));
    }

    // Contradictory results: when the last task is done, every task's checks run again together, so the
    // plan is not reported complete while one task's work broke another's.
    private async Task VerifyIfCompleteAsync(CancellationToken cancellationToken)
    {
        var status = await _store.StatusAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (status.Complete && status.Done > 1)
        {
            await VerifyAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<Result<IReadOnlyList<InboxItem>>> InboxAsync(CancellationToken cancellationToken)
        => Result<IReadOnlyList<InboxItem>>.Ok(await _store.InboxAsync(cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public Task<Result<TaskItem>> ResolveAsync(ResolveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RequestFields.Resolve(request, _options.Limits) is { } refused
            ? Task.FromResult(Result<TaskItem>.Fail(refused))
            : _store.ResolveAsync(request, _time.GetUtcNow(), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<Result<StatsSnapshot>> StatsAsync(CancellationToken cancellationToken)
        => Result<StatsSnapshot>.Ok(await _store.StatsAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public async Task<Result<CheckReport>> CheckAsync(TaskId taskId, CancellationToken cancellationToken)
    {
        var shown = await _store.ShowTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
        if (!shown.IsOk)
        {
            return Result<CheckReport>.Fail(shown.Error);
        }
        return await _checks.RunAsync(shown.Value.Task, LastReportedFiles(shown.Value), _store.RepositoryRoot, cancellationToken).ConfigureAwait(false);
    }

    private static IReadOnlyList<string> LastReportedFiles(TaskDetail detail)
        => detail.Reports.LastOrDefault(r => !r.Late && r.Outcome == ReportOutcome.Done)?.Files ?? [];

    /// <inheritdoc/>
    public async Task<Result<VerifyResult>> VerifyAsync(CancellationToken cancellationToken)
    {
        var done = await _store.ListTasksAsync(new TaskQuery { State = TaskState.Done }, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var results = new List<TaskCheckReport>();
        foreach (var task in done.Where(t => t.Acceptance.Any(a => a.Check is not null)))
        {
            var detail = await _store.ShowTaskAsync(task.Id, cancellationToken).ConfigureAwait(false);
            var report = await _checks.RunAsync(task, detail.IsOk ? LastReportedFiles(detail.Value) : [], _store.RepositoryRoot, cancellationToken).ConfigureAwait(false);
            results.Add(new TaskCheckReport { TaskId = task.Id.Value, Report = report });
        }
        foreach (var failed in results.Where(r => !r.Report.Passed))
        {
            var what = string.Join("; ", failed.Report.Failures.Select(f => f.Message));
            await _store.EscalateAsync(new TaskId(failed.TaskId), EscalationKinds.Contradiction,
                $"checks that passed when {failed.TaskId} was done now fail with the other tasks' work: {what}",
                failed.Report.Feedback(), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        return new VerifyResult { Passed = results.All(r => r.Report.Passed), Tasks = results };
    }

    /// <inheritdoc/>
    public Task<Result<TaskItem>> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RequestFields.Release(request, _options.Limits) is { } refused
            ? Task.FromResult(Result<TaskItem>.Fail(refused))
            : _store.ReleaseAsync(request, _time.GetUtcNow(), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<Result<TaskItem>> CancelAsync(TaskId taskId, string? reason, CancellationToken cancellationToken)
        => RequestFields.Cancel(taskId, reason, _options.Limits) is { } refused
            ? Task.FromResult(Result<TaskItem>.Fail(refused))
            : _store.CancelAsync(taskId, reason, _time.GetUtcNow(), cancellationToken);

    /// <inheritdoc/>
    public async Task<Result<IReadOnlyList<TaskItem>>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken)
        => Result<IReadOnlyList<TaskItem>>.Ok(await _store.ListTasksAsync(query, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public Task<Result<TaskDetail>> ShowTaskAsync(TaskId taskId, CancellationToken cancellationToken)
        => _store.ShowTaskAsync(taskId, cancellationToken);

    /// <inheritdoc/>
    public async Task<Result<StatusSnapshot>> StatusAsync(CancellationToken cancellationToken)
        => Result<StatusSnapshot>.Ok(await _store.StatusAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public async Task<Result<IReadOnlyList<BatonEvent>>> ReadEventsAsync(long afterId, int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (FieldCheck.Duration("wait", wait, _options.Limits.MaxWait, positive: false) is { } refused)
        {
            return Result<IReadOnlyList<BatonEvent>>.Fail(refused);
        }
        var deadline = _time.GetUtcNow() + wait;
        while (true)
        {
            var changed = _store.Changes.Next;
            // Nobody else may be claiming: expire due leases here so their events are seen, and so the
            // wait below never spins on an expiry that is already past.
            if (await _store.NextLeaseExpiryAsync(cancellationToken).ConfigureAwait(false) is { } expiry && expiry <= _time.GetUtcNow())
            {
                await _store.ExpireLeasesAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
            var events = await _store.ReadEventsAsync(afterId, max, cancellationToken).ConfigureAwait(false);
            if (events.Count > 0 || !await WaitForChangeAsync(changed, deadline, cancellationToken).ConfigureAwait(false))
            {
                return Result<IReadOnlyList<BatonEvent>>.Ok(events);
            }
        }
    }

    /// <summary>Does not dispose the store: its owner does.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
