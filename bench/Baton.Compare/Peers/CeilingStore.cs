using System.Runtime.CompilerServices;
using Baton.Core.Api;
using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Stats;
using Baton.Core.Status;
using Baton.Core.Tasks;
using Baton.Core.Workers;
using Baton.Storage;

namespace Baton.Compare.Peers;

/// <summary>
/// The store of two diagnostic rows, not a queue anyone should use: it keeps the ready tasks in a queue and the
/// leased ones in a dictionary, in memory, with no dependencies, files, checks, events or history.
/// <list type="bullet">
/// <item><c>baton-hub-ceiling</c> (no log): writes nothing. What the hub, its protocol and its clients cost apart
/// from the store, which bounds what any store could give the hub rows on this machine.</item>
/// <item><c>baton-hub-memlog</c> (with a <see cref="GroupLog"/>): each transition appends one line to a log and is
/// answered once that line is fdatasynced (group commit). A prototype of the hot path docs/performance.md
/// proposes (ready set and leases in memory, transitions in a flushed log), to measure it before building it.</item>
/// </list>
/// Only what the lifecycle and handoff workloads and the hub's start-up call is implemented.
/// </summary>
internal sealed class CeilingStore(GroupLog? log = null) : IBatonStore
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskItem> _ready = new();
    private readonly Dictionary<TaskId, TaskItem> _leased = [];
    private readonly StoreChangeFeed _changes = new();
    private long _seq;

    public string Location => log is null ? "memory (baton-hub-ceiling)" : "memory and a log (baton-hub-memlog)";

    public string RepositoryRoot => Path.GetTempPath();

    public IStoreChangeFeed Changes => _changes;

    public async Task<Result<ImportResult>> ImportAsync(IReadOnlyList<TaskSpec> tasks, string? planName, IReadOnlyList<string> warnings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var spec in tasks)
            {
                _ready.Enqueue(new TaskItem { Id = spec.Id, Title = spec.Title, State = TaskState.Ready, Plan = planName, Seq = ++_seq, CreatedAt = now, UpdatedAt = now });
            }
        }
        if (log is not null)
        {
            await log.AppendAsync(tasks.Count == 1
                ? $"import {tasks[0].Id.Value} {JsonEscaped(tasks[0].Title)}"
                : $"import {tasks.Count} tasks of {planName}");
        }
        _changes.Notify();
        return new ImportResult { Plan = planName ?? "plan", Imported = [.. tasks.Select(t => t.Id)] };
    }

    public async Task<Result<Assignment>> ClaimAsync(ClaimRequest request, TimeSpan defaultLease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claimed = Claim(request, defaultLease, now);
        if (log is not null && claimed.IsOk)
        {
            await log.AppendAsync(ClaimRecord(claimed.Value));
        }
        return claimed;
    }

    public async Task<Result<ReportResult>> ReportAsync(ReportRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reported = Report(request, now);
        if (log is not null && reported.IsOk)
        {
            await log.AppendAsync(ReportRecordLine(reported.Value));
        }
        return reported;
    }

    public async Task<Result<ReportResult>> ReportAndClaimAsync(ReportRequest request, ClaimRequest next, TimeSpan defaultLease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reported = Report(request, now);
        if (!reported.IsOk)
        {
            return reported;
        }
        var claimed = Claim(next, defaultLease, now);
        if (log is not null)
        {
            // One record, one flush: the report and the next claim are one transition.
            await log.AppendAsync(claimed.IsOk ? ReportRecordLine(reported.Value) + " ; " + ClaimRecord(claimed.Value) : ReportRecordLine(reported.Value));
        }
        return reported.Value.WithNext(claimed);
    }

    private static string ClaimRecord(Assignment a)
        => $"claim {a.Task.Id.Value} {a.Lease.Worker.Value} {a.Lease.Id.Value} {a.Lease.ExpiresAt.ToUnixTimeMilliseconds()}";

    private static string ReportRecordLine(ReportResult r)
        => $"report {r.Task.Id.Value} {r.Report.Worker.Value} {r.Report.LeaseId?.Value} {r.Report.Outcome} {JsonEscaped(r.Report.Summary)}";

    private static string JsonEscaped(string text) => System.Text.Json.JsonSerializer.Serialize(text, Baton.Core.Protocol.BatonJsonContext.Default.String);

    private Result<Assignment> Claim(ClaimRequest request, TimeSpan defaultLease, DateTimeOffset now)
    {
        TaskItem task;
        lock (_gate)
        {
            if (!_ready.TryDequeue(out var ready))
            {
                return Result<Assignment>.Fail(ErrorCode.NoTask, "no ready task");
            }
            var lease = new LeaseInfo { Id = new LeaseId(Guid.CreateVersion7().ToString()), Worker = request.Worker, ClaimedAt = now, ExpiresAt = now + (request.Lease ?? defaultLease) };
            task = ready with { State = TaskState.Leased, CurrentLease = lease, Attempts = ready.Attempts + 1, UpdatedAt = now };
            _leased[task.Id] = task;
        }
        return new Assignment { Task = task, Lease = task.CurrentLease, Attempt = task.Attempts };
    }

    private Result<ReportResult> Report(ReportRequest request, DateTimeOffset now)
    {
        TaskItem? held;
        lock (_gate)
        {
            _leased.Remove(request.TaskId, out held);
        }
        if (held?.CurrentLease is not { } lease || lease.Worker != request.Worker)
        {
            return Result<ReportResult>.Fail(ErrorCode.LeaseNotHeld, $"{request.Worker.Value} holds no lease on {request.TaskId.Value}");
        }
        var done = held with { State = TaskState.Done, CurrentLease = null, UpdatedAt = now };
        return new ReportResult
        {
            Task = done,
            Report = new ReportRecord { Id = done.Seq, TaskId = done.Id, Attempt = done.Attempts, Worker = request.Worker, LeaseId = lease.Id, Outcome = request.Outcome, Summary = request.Summary, At = now },
        };
    }

    public Task<Result<HeartbeatResult>> HeartbeatAsync(HeartbeatRequest request, DateTimeOffset now, CancellationToken cancellationToken)
        => Task.FromResult(Result<HeartbeatResult>.Ok(new HeartbeatResult { Renewed = [] }));

    public Task<int> CountReadyAsync(int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Math.Min(limit, _ready.Count));
        }
    }

    public Task<StatusSnapshot> StatusAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => Task.FromResult(new StatusSnapshot { Counts = new Dictionary<string, int>(), Total = 0, Done = 0, Progress = 0, Complete = false, Workers = [], At = now });

    public Task<IReadOnlyList<TaskItem>> ListTasksAsync(TaskQuery query, DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<TaskItem>>([]);

    public Task<IReadOnlyList<BatonEvent>> ReadEventsAsync(long afterId, int max, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<BatonEvent>>([]);

    public Task<long> LastEventIdAsync(CancellationToken cancellationToken) => Task.FromResult(0L);

    public Task<WorkerInfo> TouchWorkerAsync(WorkerPresence presence, DateTimeOffset now, CancellationToken cancellationToken)
        => Task.FromResult(new WorkerInfo { Name = presence.Worker, State = "idle", Health = "healthy", FirstSeen = now, LastSeen = now });

    public Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<WorkerInfo>>([]);

    public Task<IReadOnlyList<TaskId>> ExpireLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<TaskId>>([]);

    public Task<IReadOnlyList<TaskId>> ReleaseWorkerAsync(WorkerId worker, string reason, DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<TaskId>>([]);

    public Task<DateTimeOffset?> NextLeaseExpiryAsync(CancellationToken cancellationToken) => Task.FromResult<DateTimeOffset?>(null);

    public Task<IReadOnlyList<InboxItem>> InboxAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<InboxItem>>([]);

    public Task<Result<TaskItem>> ReleaseAsync(ReleaseRequest request, DateTimeOffset now, CancellationToken cancellationToken) => throw NotHere();

    public Task<Result<TaskItem>> CancelAsync(TaskId taskId, string? reason, DateTimeOffset now, CancellationToken cancellationToken) => throw NotHere();

    public Task<Result<TaskDetail>> ShowTaskAsync(TaskId taskId, CancellationToken cancellationToken) => throw NotHere();

    public Task<Result<TaskItem>> CompleteChecksAsync(TaskId taskId, int attempt, CheckReport report, DateTimeOffset now, CancellationToken cancellationToken) => throw NotHere();

    public Task<Result<TaskItem>> EscalateAsync(TaskId taskId, string kind, string reason, string? feedback, DateTimeOffset now, CancellationToken cancellationToken) => throw NotHere();

    public Task<Result<TaskItem>> ResolveAsync(ResolveRequest request, DateTimeOffset now, CancellationToken cancellationToken) => throw NotHere();

    public Task<StatsSnapshot> StatsAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw NotHere();

    public ValueTask DisposeAsync()
    {
        log?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static NotSupportedException NotHere([CallerMemberName] string? member = null)
        => new($"the baton-hub-ceiling store does not implement {member}: the lifecycle and handoff workloads do not use it");
}
