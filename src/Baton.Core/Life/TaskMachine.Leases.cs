using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Tasks;

namespace Baton.Core.Life;

internal static partial class TaskMachine
{
    /// <summary>
    /// Whether <paramref name="worker"/> holds the task's live lease (and, when <paramref name="leaseId"/> is given,
    /// that it is that lease): null when it does, otherwise the refusal naming why. A lease of the worker's that ran
    /// out is expired on the spot (the refusal's changes), so the task is not left leased to a silent worker.
    /// <paramref name="what"/> is the request as the refusal names it: report, heartbeat, release.
    /// </summary>
    public static LifeDecision? CheckHolder(TaskItem task, TaskLife life, WorkerId worker, LeaseId? leaseId, DateTimeOffset now, string what, ILifeReads reads)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(life);
        ArgumentNullException.ThrowIfNull(reads);
        var id = task.Id.Value;
        var mine = life.State == TaskState.Leased && life.Worker == worker;
        if (mine && life.Deadline > now)
        {
            return leaseId is null || leaseId == life.LeaseId
                ? null
                : LifeDecision.Refuse(ErrorCode.LeaseNotHeld, $"{what} refused: lease {leaseId?.Value} on {id} is superseded by lease {life.LeaseId?.Value}");
        }
        if (mine)
        {
            var changes = new List<LifeChange>();
            EndLease(changes, task.Id, life, AttemptEndings.Expired, $"lease of {worker.Value} expired", now, countsAsFailure: true);
            return LifeDecision.Refuse(ErrorCode.LeaseExpired,
                $"{what} refused: lease of {worker.Value} on {id} expired at {life.Deadline!.Value:O}; task returned to the queue", changes);
        }
        var state = life.State.ToWire();
        if (LastAttemptOf(reads.Attempts(task.Id), worker) is { } last)
        {
            var where = life.State == TaskState.Leased ? $"task reassigned to {life.Worker?.Value}" : $"task is now {state}";
            // The worker's own report ended its last attempt: a second report (or a heartbeat after it) is a repeat,
            // not a lease that ran out while the worker was busy.
            return AttemptEndings.ReportedOutcome(last.Ending) is { } outcome
                ? LifeDecision.Refuse(ErrorCode.LeaseNotHeld,
                    $"{what} refused: {worker.Value} already reported {id} ({outcome.ToWire()}, attempt {last.Number}); {where}")
                : LifeDecision.Refuse(ErrorCode.LeaseExpired,
                    $"{what} refused: lease expired, {where} (the lease of {worker.Value} on {id} ended earlier)");
        }
        return life.State == TaskState.Leased
            ? LifeDecision.Refuse(ErrorCode.LeaseNotHeld, $"{what} refused: {worker.Value} does not hold {id} (leased by {life.Worker?.Value})")
            : LifeDecision.Refuse(ErrorCode.LeaseNotHeld, $"{what} refused: {worker.Value} does not hold {id} (it is {state})");
    }

    private static AttemptRecord? LastAttemptOf(IReadOnlyList<AttemptRecord> attempts, WorkerId worker)
    {
        AttemptRecord? last = null;
        foreach (var attempt in attempts)
        {
            if (attempt.Worker == worker && (last is null || attempt.Number > last.Number))
            {
                last = attempt;
            }
        }
        return last;
    }

    /// <summary>A lease that ran out (found by a claim, a sweep or the holder's own late request): the task goes
    /// back to ready, or to escalated when that was its last attempt.</summary>
    public static LifeDecision Expire(TaskId task, TaskLife life, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(life);
        System.Diagnostics.Debug.Assert(life.State == TaskState.Leased && life.Deadline <= now, "only a lease that ran out expires");
        var changes = new List<LifeChange>(6);
        var after = EndLease(changes, task, life, AttemptEndings.Expired, $"lease of {life.Worker?.Value} expired", now, countsAsFailure: true);
        return LifeDecision.Accept(after, changes);
    }

    /// <summary>A done report whose checks never finished (the checking process died): the task is handed out
    /// again rather than left stuck.</summary>
    public static LifeDecision HandBack(TaskId task, TaskLife life, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(life);
        System.Diagnostics.Debug.Assert(life.State == TaskState.Checking && life.Deadline <= now, "only a check run past its deadline is handed back");
        var after = life with
        {
            State = TaskState.Ready,
            Reason = "acceptance checks did not finish; the task is handed out again",
            Worker = null,
            Deadline = null,
            ReadyAt = now,
            UpdatedAt = now,
        };
        return LifeDecision.Accept(after,
        [
            new WriteLife(task, life, after),
            Event(now, EventTypes.TaskReady, task, null, TaskState.Ready, $"{task.Value}: acceptance checks did not finish; ready again"),
        ]);
    }

    /// <summary>The holder gives the task back: ready again, the attempt not counted as a failure.</summary>
    public static LifeDecision Release(TaskItem task, TaskLife life, ReleaseRequest request, DateTimeOffset now, ILifeReads reads)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CheckHolder(task, life, request.Worker, null, now, "release", reads) is { } refused)
        {
            return refused;
        }
        var reason = request.Reason is { Length: > 0 } r ? $"released by {request.Worker.Value}: {r}" : $"released by {request.Worker.Value}";
        var changes = new List<LifeChange>(6);
        var after = EndLease(changes, task.Id, life, AttemptEndings.Released, reason, now, countsAsFailure: false,
            note: request.Reason is { Length: > 0 } ? request.Reason : null);
        return LifeDecision.Accept(after, changes);
    }

    /// <summary>The holder's connection is gone for good: its lease ends as a failure.</summary>
    public static LifeDecision Lose(TaskId task, TaskLife life, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(life);
        System.Diagnostics.Debug.Assert(life.State == TaskState.Leased, "only a leased task can be lost");
        var changes = new List<LifeChange>(6);
        var after = EndLease(changes, task, life, AttemptEndings.Lost, reason, now, countsAsFailure: true);
        return LifeDecision.Accept(after, changes);
    }

    // Ends the live lease of a task: the attempt gets its ending, the worker its busy time, and the task goes back
    // to ready, or to escalated when it has used its attempts and the ending counts as a failure.
    private static TaskLife EndLease(List<LifeChange> changes, TaskId task, TaskLife life, string ending, string reason, DateTimeOffset now,
        bool countsAsFailure, string? note = null)
    {
        var (attempts, max) = (life.Attempts, life.MaxAttempts);
        var worker = life.Worker!.Value;
        changes.Add(new EndAttempt(task, attempts, now, ending, note));
        changes.Add(new CountWorker(worker, 0, 0, Math.Max(0, Ms(now - (life.ClaimedAt ?? now))), null));
        var escalate = countsAsFailure && attempts >= max;
        var why = escalate ? $"{reason} on attempt {attempts} of {max}: attempts exhausted" : $"{reason} on attempt {attempts} of {max}";
        var after = life with
        {
            State = escalate ? TaskState.Escalated : TaskState.Ready,
            Reason = why,
            Worker = null,
            LeaseId = null,
            ClaimedAt = null,
            Deadline = null,
            ReadyAt = now,
            UpdatedAt = now,
        };
        changes.Add(new WriteLife(task, life, after));
        changes.Add(Event(now, ending == AttemptEndings.Expired ? EventTypes.LeaseExpired : EventTypes.TaskReleased, task, worker, after.State,
            $"{task.Value}: {why}"));
        if (escalate)
        {
            Escalation(changes, task, EscalationKinds.AttemptsExhausted, why, worker, now);
        }
        return after;
    }

    /// <summary>
    /// A heartbeat: renews the worker's live leases (or only <see cref="HeartbeatRequest.Task"/>'s) by the length
    /// asked or the lease's own, after expiring those that ran out. <paramref name="held"/> is every task the worker
    /// holds a lease on (leased to it), or the one task the heartbeat names, whatever its state.
    /// </summary>
    public static HeartbeatDecision Heartbeat(HeartbeatRequest request, IReadOnlyList<(TaskItem Task, TaskLife Life)> held, DateTimeOffset now, ILifeReads reads)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(held);
        // Heard, whatever the answer.
        var changes = new List<LifeChange>(4) { new CountWorker(request.Worker, 0, 0, 0, now) };
        var live = new List<(TaskItem Task, TaskLife Life)>(held.Count);
        if (request.Task is { } only)
        {
            System.Diagnostics.Debug.Assert(held.Count <= 1 && held.All(h => h.Task.Id == only), "a heartbeat on one task is given that task");
            if (held.Count == 0)
            {
                return new HeartbeatDecision(LifeDecision.Refuse(ErrorCode.NotFound, $"no task '{only.Value}'", changes), []);
            }
            if (CheckHolder(held[0].Task, held[0].Life, request.Worker, null, now, "heartbeat", reads) is { } refused)
            {
                changes.AddRange(refused.Changes);
                return new HeartbeatDecision(LifeDecision.Refuse(refused.Refusal!, changes), []);
            }
            live.Add(held[0]);
        }
        else
        {
            // This worker's lapsed leases end first, so it learns of them now rather than silently.
            var lapsed = new List<string>();
            foreach (var (task, life) in held)
            {
                System.Diagnostics.Debug.Assert(life.State == TaskState.Leased && life.Worker == request.Worker, "held tasks are leased to the worker");
                if (life.Deadline <= now)
                {
                    EndLease(changes, task.Id, life, AttemptEndings.Expired, $"lease of {request.Worker.Value} expired", now, countsAsFailure: true);
                    lapsed.Add(task.Id.Value);
                }
                else
                {
                    live.Add((task, life));
                }
            }
            if (live.Count == 0)
            {
                return new HeartbeatDecision(lapsed.Count > 0
                    ? LifeDecision.Refuse(ErrorCode.LeaseExpired,
                        $"heartbeat refused: lease of {request.Worker.Value} on {string.Join(", ", lapsed)} expired; task returned to the queue", changes)
                    : LifeDecision.Refuse(ErrorCode.LeaseNotHeld, $"heartbeat refused: {request.Worker.Value} holds no live lease", changes), []);
            }
        }
        var renewed = new List<RenewedLease>(live.Count);
        TaskLife? last = null;
        foreach (var (task, life) in live)
        {
            var length = request.Lease is { } asked ? Ms(asked) : life.LeaseLengthMs ?? 0;
            var after = life with { Deadline = now + TimeSpan.FromMilliseconds(Math.Max(length, 1)), UpdatedAt = now };
            changes.Add(new WriteLife(task.Id, life, after));
            changes.Add(new HearAttempt(task.Id, life.Attempts, now, request.Note));
            renewed.Add(new RenewedLease { TaskId = task.Id, LeaseId = life.LeaseId!.Value, ExpiresAt = after.Deadline!.Value });
            last = after;
        }
        return new HeartbeatDecision(LifeDecision.Accept(last!, changes), renewed);
    }
}
