using Baton.Core.Api;
using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Core.Tests.Life;

/// <summary>
/// A store in memory for the tests of <see cref="TaskMachine"/>: it keeps rows in dictionaries, asks the machine
/// for every decision in the order a store does, and applies the changes it gets back. It decides nothing.
/// </summary>
internal sealed class LifeWorld : ILifeReads
{
    private readonly Dictionary<TaskId, (TaskItem Item, TaskLife Life)> _tasks = [];
    private readonly Dictionary<TaskId, List<AttemptRecord>> _attempts = [];
    private readonly Dictionary<WorkerId, (int Capacity, IReadOnlyList<string> Labels, int Done, int Failed)> _workers = [];
    private long _seq;

    public List<ReportRecord> Reports { get; } = [];

    public List<RaiseEscalation> Escalations { get; } = [];

    public HashSet<TaskId> OpenEscalations { get; } = [];

    public List<AppendEvent> Events { get; } = [];

    public int LeasesIssued { get; private set; }

    public IEnumerable<(TaskItem Item, TaskLife Life)> Tasks => _tasks.Values.OrderBy(t => t.Item.Seq);

    public TaskLife Life(string id) => _tasks[new TaskId(id)].Life;

    public TaskItem Item(string id) => _tasks[new TaskId(id)].Item;

    public (int Done, int Failed) Tally(string worker) => _workers.TryGetValue(new WorkerId(worker), out var w) ? (w.Done, w.Failed) : (0, 0);

    public IReadOnlyList<AttemptRecord> Attempts(TaskId task) => _attempts.TryGetValue(task, out var list) ? list : [];

    public IReadOnlyList<Reservation> Reservations(TaskId except)
        => [.. Tasks.Where(t => t.Item.Id != except && TaskMachine.ReservingStates.Contains(t.Life.State) && t.Item.Files.Count > 0)
            .Select(t => new Reservation(t.Item.Id, t.Life.Worker, t.Item.Files))];

    public IReadOnlyList<ReportedChange> ChangesSince(TaskId except, DateTimeOffset since)
        => [.. Reports.Where(r => r.TaskId != except && !r.Late && r.At >= since && r.Files.Count > 0)
            .Select(r => new ReportedChange(r.TaskId, r.Worker, r.Outcome, r.Files))];

    public LifeDecision Import(DateTimeOffset now, params TaskSpec[] specs)
    {
        var decision = TaskMachine.Import(specs, "plan", id => _tasks.TryGetValue(id, out var t) ? t.Life.State : null, now, CancellationToken.None);
        Apply(decision.Changes);
        return decision;
    }

    public Result<Assignment> Claim(ClaimRequest request, DateTimeOffset now)
    {
        var holding = Tasks.Where(t => TaskMachine.ReservingStates.Contains(t.Life.State))
            .Select(t => new HoldingRow(t.Item.Seq, t.Item.Id, t.Life.State, t.Life.Worker, t.Life.Deadline, t.Life.ClaimedAt, t.Item.Files)).ToList();
        var scan = TaskMachine.ScanHolding(holding, request.Worker, now);
        foreach (var due in scan.Due)
        {
            Apply(TaskMachine.Expire(due.Task, _tasks[due.Task].Life, now).Changes);
        }
        foreach (var stale in scan.Stale)
        {
            Apply(TaskMachine.HandBack(stale.Task, _tasks[stale.Task].Life, now).Changes);
        }
        var worker = _workers.GetValueOrDefault(request.Worker, (1, [], 0, 0));
        worker = (request.Capacity ?? worker.Capacity, request.Labels ?? worker.Labels, worker.Done, worker.Failed);
        _workers[request.Worker] = worker;
        if (TaskMachine.HeldToGiveBack(scan, worker.Capacity) is { } held)
        {
            var (item, life) = _tasks[held];
            return new Assignment { Task = life.ApplyTo(item), Lease = life.Lease!, Attempt = life.Attempts, Feedback = life.Feedback };
        }
        var ready = Tasks.Where(t => t.Life.State == TaskMachine.ClaimableState)
            .OrderByDescending(t => t.Item.Priority).ThenBy(t => t.Item.Seq)
            .Select(t => new Candidate(t.Item, t.Life));
        if (TaskMachine.Choose(ready, worker.Labels, scan.Reserved) is not { } chosen)
        {
            return Result<Assignment>.Fail(ErrorCode.NoTask, TaskMachine.NoTaskMessage(
                s => Tasks.Count(t => t.Life.State == s),
                () => TaskStates.All.ToDictionary(s => s.ToWire(), s => Tasks.Count(t => t.Life.State == s))));
        }
        LeasesIssued++;
        var lease = new LeaseId($"l-{LeasesIssued}");
        var decision = TaskMachine.Lease(chosen.Item, chosen.Life, request, lease, TimeSpan.FromMinutes(10), now);
        Apply(decision.Changes);
        var after = decision.After!;
        return new Assignment { Task = after.ApplyTo(chosen.Item), Lease = after.Lease!, Attempt = after.Attempts, Feedback = after.Feedback };
    }

    public LifeDecision Report(ReportRequest request, DateTimeOffset now)
    {
        if (!_tasks.TryGetValue(request.TaskId, out var task))
        {
            return LifeDecision.Refuse(ErrorCode.NotFound, $"no task '{request.TaskId.Value}'");
        }
        var decision = TaskMachine.Report(task.Item, task.Life, request, now, this);
        Apply(decision.Changes);
        return decision;
    }

    public HeartbeatDecision Heartbeat(HeartbeatRequest request, DateTimeOffset now)
    {
        var held = request.Task is { } only
            ? Tasks.Where(t => t.Item.Id == only).ToList()
            : [.. Tasks.Where(t => t.Life.State == TaskState.Leased && t.Life.Worker == request.Worker)];
        var decision = TaskMachine.Heartbeat(request, held, now, this);
        Apply(decision.Decision.Changes);
        return decision;
    }

    public LifeDecision Release(ReleaseRequest request, DateTimeOffset now)
        => Decide(request.TaskId, t => TaskMachine.Release(t.Item, t.Life, request, now, this));

    public LifeDecision Cancel(string id, DateTimeOffset now) => Decide(new TaskId(id), t => TaskMachine.Cancel(t.Item, t.Life, null, now));

    public LifeDecision Escalate(string id, DateTimeOffset now)
        => Decide(new TaskId(id), t => TaskMachine.Escalate(t.Item, t.Life, EscalationKinds.Contradiction, "contradiction", null, now));

    public LifeDecision Resolve(ResolveRequest request, DateTimeOffset now)
        => Decide(request.TaskId, t => TaskMachine.Resolve(t.Item, t.Life, OpenEscalations.Contains(request.TaskId), request, now));

    public LifeDecision CompleteChecks(string id, int attempt, bool passed, DateTimeOffset now)
    {
        var report = new CheckReport
        {
            Results = [new CheckResult { Index = 0, Kind = null, Name = "c", Passed = passed, Message = passed ? "ok" : "broken" }],
        };
        return Decide(new TaskId(id), t => TaskMachine.CompleteChecks(t.Item, t.Life, attempt, report, now));
    }

    public List<TaskId> ExpireDue(DateTimeOffset now)
    {
        var holding = Tasks.Where(t => TaskMachine.ReservingStates.Contains(t.Life.State) && t.Life.Deadline <= now)
            .Select(t => new HoldingRow(t.Item.Seq, t.Item.Id, t.Life.State, t.Life.Worker, t.Life.Deadline, t.Life.ClaimedAt, t.Item.Files)).ToList();
        var scan = TaskMachine.ScanHolding(holding, null, now);
        foreach (var due in scan.Due)
        {
            Apply(TaskMachine.Expire(due.Task, _tasks[due.Task].Life, now).Changes);
        }
        foreach (var stale in scan.Stale)
        {
            Apply(TaskMachine.HandBack(stale.Task, _tasks[stale.Task].Life, now).Changes);
        }
        return [.. scan.Due.Select(d => d.Task)];
    }

    private LifeDecision Decide(TaskId id, Func<(TaskItem Item, TaskLife Life), LifeDecision> decide)
    {
        if (!_tasks.TryGetValue(id, out var task))
        {
            return LifeDecision.Refuse(ErrorCode.NotFound, $"no task '{id.Value}'");
        }
        var decision = decide(task);
        Apply(decision.Changes);
        return decision;
    }

    public void Apply(IReadOnlyList<LifeChange> changes)
    {
        foreach (var change in changes)
        {
            Apply(change);
        }
    }

    private void Apply(LifeChange change)
    {
        switch (change)
        {
            case AddTask add:
                var item = new TaskItem
                {
                    Id = add.Spec.Id,
                    Title = add.Spec.Title,
                    Files = add.Spec.Files,
                    Labels = add.Spec.Labels,
                    Priority = add.Spec.Priority,
                    DependsOn = add.Spec.DependsOn,
                    Acceptance = add.Spec.Acceptance,
                    MaxAttempts = add.Spec.MaxAttempts,
                    Seq = ++_seq,
                    State = add.Life.State,
                    CreatedAt = add.Life.UpdatedAt,
                    UpdatedAt = add.Life.UpdatedAt,
                };
                _tasks.Add(add.Spec.Id, (item, add.Life));
                break;
            case WriteLife write:
                var (stored, before) = _tasks[write.Task];
                Assert.Equal(before, write.Before);
                _tasks[write.Task] = (stored, write.After);
                break;
            case EditTask edit:
                var (text, life) = _tasks[edit.Task];
                _tasks[edit.Task] = (text with { Title = edit.Title ?? text.Title }, life);
                break;
            case StartAttempt start:
                var list = _attempts.TryGetValue(start.Task, out var l) ? l : _attempts[start.Task] = [];
                Assert.Equal(list.Count + 1, start.Number);
                list.Add(new AttemptRecord { Number = start.Number, LeaseId = start.Lease, Worker = start.Worker, ClaimedAt = start.At });
                break;
            case EndAttempt end:
                var attempts = _attempts[end.Task];
                var at = attempts.FindIndex(a => a.Number == end.Number);
                attempts[at] = attempts[at] with { EndedAt = end.EndedAt ?? attempts[at].EndedAt, Ending = end.Ending, Note = end.Note ?? attempts[at].Note };
                break;
            case HearAttempt heard:
                var live = _attempts[heard.Task];
                var n = live.FindIndex(a => a.Number == heard.Number);
                live[n] = live[n] with { Note = heard.Note ?? live[n].Note };
                break;
            case RecordChecks:
                break;
            case CountWorker count:
                if (_workers.TryGetValue(count.Worker, out var w))
                {
                    _workers[count.Worker] = (w.Capacity, w.Labels, w.Done + count.Done, w.Failed + count.Failed);
                }
                break;
            case RaiseEscalation raise:
                Escalations.Add(raise);
                OpenEscalations.Add(raise.Task);
                break;
            case CloseEscalations close:
                OpenEscalations.Remove(close.Task);
                break;
            case AddReport report:
                Reports.Add(new ReportRecord
                {
                    Id = Reports.Count + 1,
                    TaskId = report.Request.TaskId,
                    Attempt = report.Attempt,
                    Worker = report.Request.Worker,
                    Outcome = report.Request.Outcome,
                    Summary = report.Request.Summary,
                    Files = report.Request.Files,
                    Late = report.Late,
                    RefusedReason = report.RefusedReason,
                    At = report.At,
                });
                break;
            case AppendEvent appended:
                Events.Add(appended);
                break;
            case ReleaseDependents release:
                var dependents = Tasks.Where(t => t.Item.DependsOn.Contains(release.Task)).Select(t => (t.Item.Id, t.Life)).ToList();
                Apply(TaskMachine.DependencyDone(dependents, release.At));
                break;
            case LookForPlanComplete look:
                Apply(TaskMachine.PlanComplete(Tasks.Any(t => TaskMachine.UnfinishedStates.Contains(t.Life.State)), look.At));
                break;
            default:
                throw new InvalidOperationException($"no applier for {change.GetType().Name}");
        }
    }

    private sealed record Candidate(TaskItem Item, TaskLife Life) : IClaimCandidate
    {
        public IReadOnlyList<string> Labels => Item.Labels;

        public IReadOnlyList<string> Files => Item.Files;
    }
}
