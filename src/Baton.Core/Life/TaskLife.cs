using System.Diagnostics;
using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>
/// The part of a stored task that its life changes: its state, attempts, lease and the reasons given. The
/// store reads it with the task (<see cref="TaskItem"/> holds the rest, which the life never changes but a
/// resolve's edit) and writes it back whole when <see cref="TaskMachine"/> decides a transition.
/// </summary>
internal sealed record TaskLife
{
    /// <summary>Where the task is in its life.</summary>
    public required TaskState State { get; init; }

    /// <summary>Why it is in that state, when that is worth saying.</summary>
    public string? Reason { get; init; }

    /// <summary>Claims made so far (the live attempt's number while leased).</summary>
    public int Attempts { get; init; }

    /// <summary>The attempt after which a failure escalates.</summary>
    public int MaxAttempts { get; init; } = TaskDefaults.MaxAttempts;

    /// <summary>Attempts a task gets each time it starts over (its plan's max_attempts); a retry adds them.</summary>
    public int AttemptBudget { get; init; } = TaskDefaults.MaxAttempts;

    /// <summary>Dependencies not done yet.</summary>
    public int PendingDeps { get; init; }

    /// <summary>Leased: the lease holder. Checking: the worker whose done report is being checked.</summary>
    public WorkerId? Worker { get; init; }

    /// <summary>The live lease, while leased.</summary>
    public LeaseId? LeaseId { get; init; }

    /// <summary>When the live lease began.</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>Leased: when the lease runs out. Checking: when the checks are given up on and the task handed out again.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The length of the last lease (a heartbeat renews by it).</summary>
    public long? LeaseLengthMs { get; init; }

    /// <summary>When the task last became ready (handoff times count from there).</summary>
    public DateTimeOffset? ReadyAt { get; init; }

    /// <summary>What the next attempt is told first (failed checks, a failed report, the engineer's note).</summary>
    public string? Feedback { get; init; }

    /// <summary>When the task last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The task as a read gives it with this life.</summary>
    public TaskItem ApplyTo(TaskItem task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task with
        {
            State = State,
            StateReason = Reason,
            Attempts = Attempts,
            MaxAttempts = MaxAttempts,
            CurrentLease = Lease,
            UpdatedAt = UpdatedAt,
        };
    }

    /// <summary>The live lease as the API shows it: only while leased.</summary>
    public LeaseInfo? Lease => State == TaskState.Leased && LeaseId is { } id
        ? new LeaseInfo { Id = id, Worker = Worker!.Value, ClaimedAt = ClaimedAt!.Value, ExpiresAt = Deadline!.Value }
        : null;

    /// <summary>What is wrong with this life, when it breaks a fact every life holds; null when nothing is.</summary>
    public string? Problem() => State switch
    {
        TaskState.Leased when Worker is null || LeaseId is null || ClaimedAt is null || Deadline is null
            => "a leased task has a holder, a lease id, a start and a deadline",
        TaskState.Leased when Attempts < 1 => "a leased task is on an attempt",
        TaskState.Checking when Worker is null || Deadline is null => "a task being checked keeps its reporter and a deadline",
        TaskState.Checking when LeaseId is not null || ClaimedAt is not null => "a task being checked holds no lease",
        TaskState.Leased or TaskState.Checking => Attempts < 0 ? "attempts are not negative" : null,
        _ when Worker is not null || LeaseId is not null || ClaimedAt is not null || Deadline is not null
            => $"a {State.ToWire()} task holds no lease, deadline or worker",
        _ => Attempts < 0 ? "attempts are not negative" : null,
    };

    /// <summary>Asserts <see cref="Problem"/> finds nothing (debug builds; the tests call <see cref="Problem"/>).</summary>
    [Conditional("DEBUG")]
    public void AssertWellFormed() => Debug.Assert(Problem() is null, Problem());
}
