using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Plans;
using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Storage;

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

    /// <summary>Creates local mode over a store.</summary>
    public LocalBaton(IBatonStore store, TimeProvider time, LocalBatonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
        _options = options ?? new LocalBatonOptions();
    }

    /// <summary>The store underneath.</summary>
    public IBatonStore Store => _store;

    /// <inheritdoc/>
    public async Task<Result<ImportResult>> ImportAsync(string planJson, CancellationToken cancellationToken)
    {
        var parsed = PlanParser.Parse(planJson, new PlanParseOptions { RepositoryRoot = _store.RepositoryRoot });
        if (!parsed.IsOk)
        {
            return Result<ImportResult>.Fail(parsed.Error);
        }
        return await _store.ImportAsync(parsed.Value.Tasks, parsed.Value.Name, parsed.Value.Warnings, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Result<Assignment>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var deadline = _time.GetUtcNow() + (request.Wait ?? TimeSpan.Zero);
        while (true)
        {
            // Read the change signal before looking, so a commit between the look and the wait still wakes us.
            var changed = _store.Changes.Next;
            var result = await _store.ClaimAsync(request, _options.DefaultLease, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (result.IsOk || result.Error.Code != ErrorCode.NoTask)
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
        => _store.HeartbeatAsync(request, _time.GetUtcNow(), cancellationToken);

    /// <inheritdoc/>
    public Task<Result<ReportResult>> ReportAsync(ReportRequest request, CancellationToken cancellationToken)
        => _store.ReportAsync(request, _time.GetUtcNow(), cancellationToken);

    /// <inheritdoc/>
    public Task<Result<TaskItem>> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken)
        => _store.ReleaseAsync(request, _time.GetUtcNow(), cancellationToken);

    /// <inheritdoc/>
    public Task<Result<TaskItem>> CancelAsync(TaskId taskId, string? reason, CancellationToken cancellationToken)
        => _store.CancelAsync(taskId, reason, _time.GetUtcNow(), cancellationToken);

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
