using System.Text.Json;
using Baton.Core.Api;
using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Protocol;
using Baton.Core.Stats;
using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Client;

// IBatonApi over the socket: one request, one reply.
public sealed partial class BatonClient
{
    /// <inheritdoc/>
    /// <remarks>Not retried after a lost connection (a second import would clash with the first).</remarks>
    public async Task<Result<ImportResult>> ImportAsync(string planJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(planJson);
        JsonElement plan;
        try
        {
            using var document = JsonDocument.Parse(planJson);
            plan = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Result<ImportResult>.Fail(ErrorCode.InvalidPlan, $"the plan is not JSON: {ex.Message}");
        }
        var reply = await RequestAsync(new ImportMessage { Plan = plan }, retryable: false, null, cancellationToken).ConfigureAwait(false);
        return Map(reply, (ImportOkMessage m) => new ImportResult { Plan = m.Plan, Imported = m.Imported, Warnings = m.Warnings });
    }

    /// <inheritdoc/>
    /// <remarks>A waiting claim is answered by the hub's push as soon as a task is ready; it is retried after a
    /// reconnect. The request's worker must be the client's own (or the client must have none).</remarks>
    public async Task<Result<Assignment>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wait = request.Wait is { } w && w > TimeSpan.Zero ? w : (TimeSpan?)null;
        var message = new ClaimMessage
        {
            Wait = wait is not null,
            WaitMs = wait is { } ms && ms != Timeout.InfiniteTimeSpan ? (long)ms.TotalMilliseconds : null,
            LeaseMs = request.Lease is { } lease ? (long)lease.TotalMilliseconds : null,
            Capacity = request.Capacity,
            Labels = request.Labels,
            Priority = request.Priority,
            Worker = request.Worker,
        };
        var reply = await RequestAsync(message, retryable: true, wait, cancellationToken).ConfigureAwait(false);
        if (!reply.IsOk)
        {
            return Result<Assignment>.Fail(reply.Error);
        }
        switch (reply.Value)
        {
            case TaskAssignedMessage assigned:
                TrackLease(assigned.Assignment);
                TaskAssigned?.Invoke(assigned.Assignment);
                return assigned.Assignment;
            case NoTaskMessage none:
                return Result<Assignment>.Fail(ErrorCode.NoTask, none.Message ?? "no task to claim");
            default:
                return Unexpected<Assignment>(reply.Value);
        }
    }

    /// <inheritdoc/>
    public async Task<Result<HeartbeatResult>> HeartbeatAsync(HeartbeatRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = new HeartbeatMessage
        {
            TaskId = request.Task,
            Note = request.Note,
            LeaseMs = request.Lease is { } lease ? (long)lease.TotalMilliseconds : null,
            Worker = request.Worker,
        };
        var heldBefore = HeldTasks;
        var reply = await RequestAsync(message, retryable: true, null, cancellationToken).ConfigureAwait(false);
        var result = Map(reply, (HeartbeatOkMessage m) => new HeartbeatResult { Renewed = m.Renewed });
        if (!result.IsOk)
        {
            ForgetLeaseOnRefusal(request.Task, heldBefore, result.Error);
        }
        else if (request.Task is null)
        {
            ForgetUnrenewed(heldBefore, result.Value.Renewed.Select(r => r.TaskId));
        }
        return result;
    }

    /// <inheritdoc/>
    /// <remarks>Carries an idempotency key (generated when the request has none), so a retry after a lost
    /// reply is applied once and answers with <see cref="ReportResult.Replayed"/> set.</remarks>
    public async Task<Result<ReportResult>> ReportAsync(ReportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = new ReportMessage
        {
            TaskId = request.TaskId,
            Outcome = request.Outcome,
            Summary = request.Summary,
            Files = request.Files,
            ContextScore = request.ContextScore,
            Notes = request.Notes,
            Worktree = request.Worktree,
            LeaseId = request.LeaseId,
            IdempotencyKey = request.IdempotencyKey ?? "r-" + Guid.CreateVersion7().ToString("N"), // time-ordered: appended to the store's key index
            Worker = request.Worker,
        };
        TimeSpan? wait = null;
        if (request.Next is { } next)
        {
            wait = next.Wait is { } w && w > TimeSpan.Zero ? w : null;
            message = message with
            {
                Next = true,
                NextWaitMs = wait is { } ms ? (ms == Timeout.InfiniteTimeSpan ? int.MaxValue : (long)ms.TotalMilliseconds) : null,
                NextLeaseMs = next.Lease is { } lease ? (long)lease.TotalMilliseconds : null,
            };
        }
        var reply = await RequestAsync(message, retryable: true, wait, cancellationToken).ConfigureAwait(false);
        var result = Map(reply, (ReportOkMessage m) => new ReportResult
        {
            Task = m.Task,
            Report = m.Report,
            Replayed = m.Replayed,
            Checks = m.Checks,
            Next = m.Next,
            NoNext = m.NoNext,
        });
        if (result.IsOk)
        {
            ForgetLease(request.TaskId);
            if (result.Value.Next is { } assignment)
            {
                TrackLease(assignment);
                TaskAssigned?.Invoke(assignment);
            }
        }
        else
        {
            ForgetLeaseOnRefusal(request.TaskId, result.Error);
        }
        return result;
    }

    /// <inheritdoc/>
    public async Task<Result<TaskItem>> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = new ReleaseMessage { TaskId = request.TaskId, Reason = request.Reason, Worker = request.Worker };
        var reply = await RequestAsync(message, retryable: false, null, cancellationToken).ConfigureAwait(false);
        var result = Map(reply, (ReleaseOkMessage m) => m.Task);
        if (result.IsOk)
        {
            ForgetLease(request.TaskId);
        }
        else
        {
            ForgetLeaseOnRefusal(request.TaskId, result.Error);
        }
        return result;
    }

    /// <inheritdoc/>
    public async Task<Result<TaskItem>> CancelAsync(TaskId taskId, string? reason, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(new TaskCancelMessage { TaskId = taskId, Reason = reason }, retryable: false, null, cancellationToken).ConfigureAwait(false);
        return Map(reply, (TaskCancelOkMessage m) => m.Task);
    }

    /// <inheritdoc/>
    public async Task<Result<IReadOnlyList<TaskItem>>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var reply = await RequestAsync(new TaskListMessage { State = query.State, ReadyOnly = query.ReadyOnly }, retryable: true, null, cancellationToken).ConfigureAwait(false);
        return Map(reply, (TaskListOkMessage m) => m.Tasks);
    }

    /// <inheritdoc/>
    public async Task<Result<TaskDetail>> ShowTaskAsync(TaskId taskId, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(new TaskShowMessage { TaskId = taskId }, retryable: true, null, cancellationToken).ConfigureAwait(false);
        return Map(reply, (TaskShowOkMessage m) => m.Detail);
    }

    /// <inheritdoc/>
    public async Task<Result<StatusSnapshot>> StatusAsync(CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(new StatusMessage(), retryable: true, null, cancellationToken).ConfigureAwait(false);
        return Map(reply, (StatusOkMessage m) => m.Status);
    }

    /// <inheritdoc/>
    public async Task<Result<IReadOnlyList<BatonEvent>>> ReadEventsAsync(long afterId, int max, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var waitMs = wait > TimeSpan.Zero ? (long)wait.TotalMilliseconds : (long?)null;
        var message = new EventsReadMessage { After = afterId, Max = max, WaitMs = waitMs };
        var reply = await RequestAsync(message, retryable: true, waitMs is null ? null : wait, cancellationToken).ConfigureAwait(false);
        return Map(reply, (EventsReadOkMessage m) => m.Events);
    }

    /// <inheritdoc/>
    public async Task<Result<IReadOnlyList<InboxItem>>> InboxAsync(CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(new InboxMessage(), retryable: true, null, cancellationToken).ConfigureAwait(false);
        return Map(reply, (InboxOkMessage m) => m.Items);
    }

    /// <inheritdoc/>
    public async Task<Result<TaskItem>> ResolveAsync(ResolveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = new ResolveMessage
        {
            TaskId = request.TaskId,
            Action = request.Action,
            Title = request.Title,
            Description = request.Description,
            Context = request.Context,
            Note = request.Note,
        };
        // Not retried: a resolution is one intervention; the engineer sees the error and decides again.
        var reply = await RequestAsync(message, retryable: false, null, cancellationToken).ConfigureAwait(false);
        return Map(reply, (ResolveOkMessage m) => m.Task);
    }

    /// <inheritdoc/>
    public async Task<Result<StatsSnapshot>> StatsAsync(CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(new StatsMessage(), retryable: true, null, cancellationToken).ConfigureAwait(false);
        return Map(reply, (StatsOkMessage m) => m.Stats);
    }

    /// <inheritdoc/>
    public async Task<Result<CheckReport>> CheckAsync(TaskId taskId, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(new CheckMessage { TaskId = taskId }, retryable: true, null, cancellationToken).ConfigureAwait(false);
        return Map(reply, (CheckOkMessage m) => m.Report);
    }

    /// <inheritdoc/>
    public async Task<Result<VerifyResult>> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(new VerifyMessage(), retryable: true, null, cancellationToken).ConfigureAwait(false);
        return Map(reply, (VerifyOkMessage m) => m.Result);
    }

    /// <summary>Asks the hub for a pong; the round trip time tells how responsive it is.</summary>
    public async Task<Result<TimeSpan>> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var reply = await RequestAsync(new PingMessage(), retryable: true, null, cancellationToken).ConfigureAwait(false);
        return Map(reply, (PongMessage _) => _time.GetElapsedTime(started));
    }

    private async IAsyncEnumerable<BatonEvent> ReadBacklogAsync(long afterId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int Page = 500;
        var cursor = afterId;
        while (true)
        {
            var page = await ReadEventsAsync(cursor, Page, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            if (!page.IsOk)
            {
                yield break;
            }
            foreach (var e in page.Value)
            {
                cursor = e.Id;
                yield return e;
            }
            if (page.Value.Count < Page)
            {
                yield break;
            }
        }
    }

    /// <summary>Sends a request and waits for its reply. The reply may come over a later connection when the
    /// request is retryable; an error reply becomes a failed result.</summary>
    private async Task<Result<ProtocolMessage>> RequestAsync(ProtocolMessage message, bool retryable, TimeSpan? wait, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1 || State == BatonConnectionState.Closed)
        {
            return Result<ProtocolMessage>.Fail(ErrorCode.HubUnreachable, "the client is closed");
        }
        var id = Interlocked.Increment(ref _nextId);
        var pending = new PendingRequest(message with { Id = id }, retryable);
        _pending[id] = pending;
        var timeout = wait is { } w ? (w == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : w + _options.RequestTimeout) : _options.RequestTimeout;
        try
        {
            await TrySendAsync(pending).ConfigureAwait(false);
            var reply = await pending.Reply.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            return reply is ErrorMessage error ? Result<ProtocolMessage>.Fail(error.ToError()) : Result<ProtocolMessage>.Ok(reply);
        }
        catch (TimeoutException)
        {
            return Result<ProtocolMessage>.Fail(ErrorCode.Timeout, $"no reply from the hub within {timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private static Result<T> Map<TReply, T>(Result<ProtocolMessage> reply, Func<TReply, T> map)
        where TReply : ProtocolMessage
    {
        if (!reply.IsOk)
        {
            return Result<T>.Fail(reply.Error);
        }
        return reply.Value is TReply typed ? map(typed) : Unexpected<T>(reply.Value);
    }

    private static Result<T> Unexpected<T>(ProtocolMessage reply)
        => Result<T>.Fail(ErrorCode.InternalError, $"the hub answered with an unexpected {reply.GetType().Name}");
}
