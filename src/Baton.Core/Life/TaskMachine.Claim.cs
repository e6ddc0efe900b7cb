using System.Globalization;
using Baton.Core.Api;
using Baton.Core.Events;
using Baton.Core.Globs;
using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Core.Life;

internal static partial class TaskMachine
{
    /// <summary>
    /// Sorts the leased and checked tasks a claim reads (<paramref name="holding"/>, tasks in <see cref="ReservingStates"/>)
    /// into what the claim must do first (leases that ran out, checks that never finished), what the claimant holds,
    /// and which files are reserved. A store may leave out rows that are none of these (live, another's, no files).
    /// </summary>
    public static ClaimScan ScanHolding(IReadOnlyList<HoldingRow> holding, WorkerId? claimant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(holding);
        var rows = holding.Count > 1
            ? holding.OrderBy(r => r.ClaimedAt ?? DateTimeOffset.MinValue).ThenBy(r => r.Seq).ToList()
            : holding;
        var due = new List<HoldingRow>();
        var stale = new List<HoldingRow>();
        var held = new List<TaskId>();
        var reserved = new List<Reservation>();
        foreach (var row in rows)
        {
            System.Diagnostics.Debug.Assert(ReservingStates.Contains(row.State), "the holding rows are leased or checked tasks");
            if (row.Deadline <= now)
            {
                (row.State == TaskState.Leased ? due : stale).Add(row);
                continue;
            }
            if (row.State == TaskState.Leased && row.Worker == claimant)
            {
                held.Add(row.Task);
            }
            if (row.Files.Count > 0)
            {
                reserved.Add(new Reservation(row.Task, row.Worker, row.Files));
            }
        }
        return new ClaimScan { Due = due, Stale = stale, Held = held, Reserved = reserved };
    }

    /// <summary>A worker at its capacity that claims again (an agent that lost track of its task) gets its oldest
    /// held task back under the same lease rather than a second one: that task, or null when it may take another.</summary>
    public static TaskId? HeldToGiveBack(ClaimScan scan, int capacity)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return scan.Held.Count >= capacity ? scan.Held[0] : null;
    }

    /// <summary>
    /// The task a claim takes: the first of <paramref name="ready"/> (ready tasks in <see cref="ClaimOrder"/>, whose
    /// dependencies are done) whose labels the worker accepts and whose files overlap no reserved files (invariant 4),
    /// or null. It stops at that candidate without reading further, so a store that supplies candidates from a cursor
    /// finds the cursor on the chosen row.
    /// </summary>
    public static T? Choose<T>(IEnumerable<T> ready, IReadOnlyList<string> workerLabels, IReadOnlyList<Reservation> reserved)
        where T : class, IClaimCandidate
    {
        ArgumentNullException.ThrowIfNull(ready);
        ArgumentNullException.ThrowIfNull(workerLabels);
        ArgumentNullException.ThrowIfNull(reserved);
        foreach (var candidate in ready)
        {
            if (Fits(candidate, workerLabels, reserved))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Whether a worker with <paramref name="workerLabels"/> may take the candidate now.</summary>
    public static bool Fits(IClaimCandidate candidate, IReadOnlyList<string> workerLabels, IReadOnlyList<Reservation> reserved)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        foreach (var label in candidate.Labels)
        {
            if (!workerLabels.Contains(label, StringComparer.Ordinal))
            {
                return false;
            }
        }
        return reserved.Count == 0 || candidate.Files.Count == 0 || ReservedBy(candidate.Files, reserved) is null;
    }

    /// <summary>The reservation that <paramref name="globs"/> overlap, if any (decided on the globs alone, <see cref="GlobOverlap"/>).</summary>
    public static Reservation? ReservedBy(IReadOnlyList<string> globs, IReadOnlyList<Reservation> reserved)
    {
        ArgumentNullException.ThrowIfNull(globs);
        ArgumentNullException.ThrowIfNull(reserved);
        foreach (var reservation in reserved)
        {
            foreach (var a in globs)
            {
                foreach (var b in reservation.Globs)
                {
                    if (GlobOverlap.CanOverlap(a, b))
                    {
                        return reservation;
                    }
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Leases the chosen ready task to the claimant under <paramref name="lease"/> (a new id): a new attempt begins.
    /// The lease lasts what the claim asked, else the task's own lease length, else <paramref name="defaultLease"/>.
    /// </summary>
    public static LifeDecision Lease(TaskItem task, TaskLife life, ClaimRequest request, LeaseId lease, TimeSpan defaultLease, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(life);
        ArgumentNullException.ThrowIfNull(request);
        System.Diagnostics.Debug.Assert(life.State == ClaimableState, "only a ready task is leased");
        var length = request.Lease is { } asked ? Ms(asked) : task.LeaseMs ?? Ms(defaultLease);
        var after = life with
        {
            State = TaskState.Leased,
            Reason = null,
            Attempts = life.Attempts + 1,
            Worker = request.Worker,
            LeaseId = lease,
            ClaimedAt = now,
            Deadline = now + TimeSpan.FromMilliseconds(length),
            LeaseLengthMs = length,
            UpdatedAt = now,
        };
        // Handoff: from the later of "the task was ready" and "the worker started asking" to now.
        var askedAt = request.RequestedAt ?? now;
        long? handoff = life.ReadyAt is { } ready ? Math.Max(0, Ms(now - (ready > askedAt ? ready : askedAt))) : null;
        return LifeDecision.Accept(after,
        [
            new WriteLife(task.Id, life, after),
            new StartAttempt(task.Id, after.Attempts, lease, request.Worker, now, handoff),
            Event(now, EventTypes.TaskClaimed, task.Id, request.Worker, TaskState.Leased,
                $"{request.Worker.Value} claimed {task.Id.Value} (attempt {after.Attempts.ToString(CultureInfo.InvariantCulture)})")
                // Readers of the event log (the hub's metrics, the page) see the handoff without reading attempts.
                with { Data = handoff is { } ms ? $"{{\"handoff_ms\":{ms.ToString(CultureInfo.InvariantCulture)}}}" : null },
        ]);
    }

    /// <summary>
    /// Why a claim found no task, from the counts of tasks per state (<paramref name="count"/>, asked only as far as
    /// the answer needs; <paramref name="counts"/> gives them all, for a plan that may be over).
    /// </summary>
    public static string NoTaskMessage(Func<TaskState, long> count, Func<IReadOnlyDictionary<string, int>> counts)
    {
        ArgumentNullException.ThrowIfNull(count);
        ArgumentNullException.ThrowIfNull(counts);
        var ready = count(TaskState.Ready);
        var pending = count(TaskState.Pending);
        if (ready == 0 && pending == 0 && count(TaskState.Leased) == 0 && count(TaskState.Checking) == 0
            && counts() is var all && FinishedPlan.IsFinished(all))
        {
            return FinishedPlan.NoTaskMessage(all);
        }
        return ready > 0
            ? $"no task ready for this worker: {ready} ready task(s) need other labels or wait on files reserved by leased tasks"
            : pending > 0 ? $"no task ready: {pending} task(s) wait on dependencies" : "no task ready";
    }
}
